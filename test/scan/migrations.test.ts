// guard scan over the migration folders of Rails, Django, Alembic and knex/sequelize/typeorm layouts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanPaths } from '../../src/scan/scanner.js';
import type { ScanResult } from '../../src/scan/model.js';
import { buildWorld, type WorldSpec } from '../support/world.js';
import { stubAssessShell } from './stub-engine.js';

async function scan(files: WorldSpec['files']): Promise<ScanResult> {
  const world = buildWorld({ files });
  try {
    return await scanPaths(['.'], world.ctx, { assessShell: stubAssessShell, readStdin: async () => '' }, { failOn: 'destructive' });
  } finally {
    world.cleanup();
  }
}

const rows = (result: ScanResult) => result.findings.map((f) => `${f.file}:${f.line} ${f.rules.map((r) => r.id).join(',')} ${f.risk}${f.suppressed ? ' suppressed' : ''}`);

test('code migrations that drop or run code guard cannot follow are findings on their lines; schema additions are not', async () => {
  const result = await scan({
    'db/migrate/20240101000000_add_nick.rb': 'class AddNick < ActiveRecord::Migration[7.1]\n  def change\n    add_column :users, :nick, :string\n  end\nend\n',
    'db/migrate/20240202000000_drop_orders.rb': 'class DropOrders < ActiveRecord::Migration[7.1]\n  def up\n    drop_table :orders\n  end\n\n  def down\n    create_table :orders\n  end\nend\n',
    'shop/orders/migrations/0002_remove_note.py': "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AddField(model_name='order', name='x', field=None),\n        migrations.RemoveField(model_name='order', name='note'),\n    ]\n",
    'alembic/versions/b2_drop.py': 'from alembic import op\n\ndef upgrade():\n    op.execute("DROP TABLE audit")\n\ndef downgrade():\n    pass\n',
    'migrations/20240303_purge.js': "exports.up = (knex) => knex('sessions').del();\nexports.down = () => {};\n",
    'migrations/20240404-helper.js': "module.exports = { up: async (queryInterface) => { await wipe(queryInterface); } };\n",
    'migrations/20240505_add.js': "exports.up = (knex) => knex.schema.createTable('tags', (t) => { t.increments(); });\n",
  });
  assert.deepEqual(rows(result).sort(), [
    'alembic/versions/b2_drop.py:4 alembic/pending-destructive destructive',
    'db/migrate/20240202000000_drop_orders.rb:3 rails/pending-destructive destructive',
    'migrations/20240303_purge.js:1 knex/pending-destructive destructive',
    'migrations/20240404-helper.js:1 sequelize/pending-unknown unknown',
    'shop/orders/migrations/0002_remove_note.py:6 manage.py/pending-destructive destructive',
  ]);
});

test('a suppression comment in a code migration applies with its own comment marker', async () => {
  const result = await scan({
    'db/migrate/20240202000000_drop_orders.rb': 'class DropOrders < ActiveRecord::Migration[7.1]\n  def up\n    # guard: allow rails/pending-destructive -- the table was emptied and archived in #412\n    drop_table :orders\n  end\nend\n',
  });
  assert.deepEqual(rows(result), ['db/migrate/20240202000000_drop_orders.rb:4 rails/pending-destructive destructive suppressed']);
});
