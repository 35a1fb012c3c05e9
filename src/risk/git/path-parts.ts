/** The root-level files' subsystem and directory name. */
export const ROOT = '.';

/** Subsystem of a path: its first component (Kamei; Commit Guru); root-level files are in ".". */
export function getSubsystem(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? ROOT : path.slice(0, slash);
}

/** Directory of a path: everything before the last slash; root-level files are in ".". */
export function getDirectory(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? ROOT : path.slice(0, slash);
}
