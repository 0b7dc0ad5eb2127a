import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A row of `complaints` by column name, as the ComplaintEventBus hands it to listeners. */
export type ComplaintColumns = { id: string; client_id: string } & Record<string, unknown>;

/**
 * The complaint's `customer_not_reached` flag as e-mail delivery sets and clears it, in the
 * delivery's transaction. Every other write of a complaint goes through complaints/.
 */
@Injectable()
export class CustomerReachRepository {
  /** The whole complaint row, locked for update (undefined when unknown). */
  async lockComplaint(m: EntityManager, complaintId: string): Promise<ComplaintColumns | undefined> {
    const rows: ComplaintColumns[] = await m.query('SELECT * FROM complaints WHERE id = $1 FOR UPDATE', [complaintId]);
    return rows[0];
  }

  /** Sets the flag and moves the complaint's version (its answers change); returns the row after. */
  async setCustomerNotReached(m: EntityManager, complaintId: string, notReached: boolean, at: Date): Promise<ComplaintColumns> {
    const rows: ComplaintColumns[] = await m.query(
      `WITH u AS (
         UPDATE complaints SET customer_not_reached = $2, version = version + 1, updated_at = GREATEST(updated_at, $3)
          WHERE id = $1 RETURNING *)
       SELECT * FROM u`,
      [complaintId, notReached, at],
    );
    return rows[0];
  }
}
