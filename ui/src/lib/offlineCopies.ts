/**
 * Copies of opened documents kept on this device (Cache Storage), so a
 * document read once opens again without the network, and the list can say
 * which documents this device holds in their current version.
 *
 * Only documents opened are kept: fetching a file is a read receipt on the
 * server, so nothing is downloaded ahead. Confidential documents (a stamped
 * copy per reader) are never kept. Cache Storage exists only in secure
 * contexts (https, localhost); elsewhere nothing is kept and no state shown.
 */
const CACHE = "kyhop-documents";

export type SyncState = "saved" | "stale" | "none";

/** The key of one version's copy for one account. */
export function copyKey(
  account: number,
  document: number,
  version: number,
): string {
  return `/offline/${account}/documents/${document}/versions/${version}`;
}

/** Document id → versions held, for `account`, from the cache's keys. */
export function heldVersions(
  urls: readonly string[],
  account: number,
): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const pattern = new RegExp(
    `/offline/${account}/documents/(\\d+)/versions/(\\d+)$`,
  );
  for (const url of urls) {
    const m = pattern.exec(url);
    if (!m) continue;
    const [doc, version] = [Number(m[1]), Number(m[2])];
    out.set(
      doc,
      [...(out.get(doc) ?? []), version].sort((a, b) => a - b),
    );
  }
  return out;
}

export function syncState(
  doc: { id: number; versions: readonly { version: number }[] },
  held: ReadonlyMap<number, readonly number[]>,
): SyncState {
  const versions = held.get(doc.id);
  if (!versions?.length) return "none";
  const current = doc.versions.at(-1)?.version ?? 0;
  return versions.includes(current) ? "saved" : "stale";
}

function storage(): CacheStorage | null {
  return typeof caches === "undefined" ? null : caches;
}

export function canKeepCopies(): boolean {
  return storage() !== null;
}

export async function readCopy(key: string): Promise<ArrayBuffer | null> {
  try {
    const hit = await (await storage()?.open(CACHE))?.match(key);
    return hit ? await hit.arrayBuffer() : null;
  } catch {
    return null;
  }
}

/** Keeps `data` under `key`, and drops the account's older versions of it. */
export async function keepCopy(key: string, data: ArrayBuffer): Promise<void> {
  try {
    const cache = await storage()?.open(CACHE);
    if (!cache) return;
    const prefix = key.replace(/\/versions\/\d+$/, "/versions/");
    for (const old of await cache.keys())
      if (new URL(old.url).pathname.startsWith(prefix)) await cache.delete(old);
    await cache.put(
      key,
      new Response(data, { headers: { "Content-Type": "application/pdf" } }),
    );
  } catch {
    /* storage full or unavailable: the document is simply not kept */
  }
}

export async function cachedUrls(): Promise<string[]> {
  try {
    const cache = await storage()?.open(CACHE);
    return cache ? (await cache.keys()).map((r) => r.url) : [];
  } catch {
    return [];
  }
}
