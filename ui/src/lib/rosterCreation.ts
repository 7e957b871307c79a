/**
 * Creating the delegate groups and committees a CSV import names before
 * its rows are sent: all of them or none. The API creates one at a time,
 * so when one creation fails those made before it are deleted again (they
 * are new and empty: nothing refers to them yet), and the import stops.
 */
import type { MissingRoster } from "./importPlan";
import type { Named, RosterKind } from "./setupApi";

export interface RosterWriter {
  create: (kind: RosterKind, name: string) => Promise<Named>;
  remove: (kind: RosterKind, id: number) => Promise<void>;
}

export type CreationResult =
  | { ok: true; groups: Named[]; committees: Named[] }
  | {
      ok: false;
      /** The creation that failed, and why. */
      kind: RosterKind;
      name: string;
      error: unknown;
      /** Made before the failure and not deleted again (the undo failed too). */
      left: Named[];
    };

export async function createMissing(
  missing: MissingRoster,
  writer: RosterWriter,
): Promise<CreationResult> {
  const made: { kind: RosterKind; entry: Named }[] = [];
  const todo: { kind: RosterKind; name: string }[] = [
    ...missing.groups.map((name) => ({ kind: "groups" as const, name })),
    ...missing.committees.map((name) => ({
      kind: "committees" as const,
      name,
    })),
  ];
  for (const { kind, name } of todo) {
    try {
      made.push({ kind, entry: await writer.create(kind, name) });
    } catch (error) {
      const left: Named[] = [];
      for (const { kind: k, entry } of made.reverse()) {
        try {
          await writer.remove(k, entry.id);
        } catch {
          left.push(entry);
        }
      }
      return { ok: false, kind, name, error, left };
    }
  }
  const of = (kind: RosterKind) =>
    made.filter((m) => m.kind === kind).map((m) => m.entry);
  return { ok: true, groups: of("groups"), committees: of("committees") };
}
