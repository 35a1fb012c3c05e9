/** The tiny query interface both adapters implement, so the store's SQL is written once. */
export interface SqlClient {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  execScript(sql: string): Promise<void>;
  /** Runs `fn` in a transaction; inside one already, runs `fn` in the same transaction. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  readonly inTransaction: boolean;
}
