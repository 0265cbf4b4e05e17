// Whether an environment variable used as a switch is on: set, not empty, not "0" and not "false".

export function flagIsOn(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
