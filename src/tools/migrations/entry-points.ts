// Migration programs a project runs by path (`bin/rails`, `./manage.py`): kept apart so the shell engine loads no family code.
export const PROJECT_ENTRY_POINTS: readonly string[] = ['manage.py', 'rails', 'rake'];
