// How bench/app.bench.ts tells a replica process (bench/app-replica.ts) what to run on.

/** What the parent passes in the environment of a replica. */
export interface ReplicaSettings {
  store: 'pglite' | 'postgres';
  dataDir?: string;
  databaseUrl?: string;
  schema?: string;
  pool?: number;
  githubUrl: string;
  webhookSecret: string;
  appPrivateKey: string;
  signingKeyPem: string;
  workerId: string;
  /** Retried reads and paced report writes, as in production (default off). */
  githubPacing?: boolean;
}

/** The environment variable that carries the settings, as JSON. */
export const REPLICA_SETTINGS_VARIABLE = 'SHIPGATE_BENCH_REPLICA';
