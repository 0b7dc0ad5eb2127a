/** Demo data past the clients and users (complaints, …): one provider per kind, listed in `DemoModule`. */
export interface DemoSeeder {
  /** For the log. */
  readonly name: string;
  /** Seeds this kind for the demo clients (ids by code); runs once, after the clients and users exist. */
  seed(clients: Record<string, string>): Promise<void>;
}

/** The injected list of demo seeders, in the order they run. */
export const DEMO_SEEDERS = Symbol('DEMO_SEEDERS');
