/** One file touched by a commit or a change, as git's numstat reports it. */
export interface FileChange {
  /** Path after the change (for a deleted file, the path it had). */
  path: string;
  /** Path before the change when git detected a rename; otherwise absent. */
  oldPath?: string;
  added: number;
  deleted: number;
  /** Git reported `-\t-` (no line counts). */
  binary: boolean;
  /** The change removed the file. */
  removed: boolean;
}

/** One non-merge commit from the history stream. */
export interface LogCommit {
  hash: string;
  parents: string[];
  /** Author identity: lower-cased e-mail, or the name when there is no e-mail. */
  author: string;
  /** Author time, unix seconds. */
  time: number;
  message: string;
  files: FileChange[];
}
