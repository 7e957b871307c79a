/**
 * The desktop app's own API (`/desktop/…` on the local gateway that serves
 * this UI inside the app): set-up, pairing with a host, host mode, and the
 * status strip. In a browser there is no gateway: `desktopStatus()` answers
 * null and none of this shows.
 */
import { ApiError, errorFromResponse } from "./api";
import { gatewayHeaders } from "./gateway";

export type SyncState = "idle" | "syncing" | "done" | "failed";

export interface SyncProgress {
  state: SyncState;
  files_total: number;
  files_done: number;
  bytes_total: number;
  bytes_done: number;
  problem: string | null;
}

export interface HostInfo {
  urls: string[];
  port: number;
  fingerprint: string;
  short_fingerprint: string;
  pairing_link: string;
  initial_password_file: string | null;
}

export interface DesktopStatus {
  mode: "setup" | "delegate" | "host";
  host: {
    url: string;
    fingerprint: string | null;
    short_fingerprint: string | null;
  } | null;
  online: boolean;
  signed_in: boolean;
  /** Where the app keeps the sign-in: the desktop's keyring, or a 0600 file. */
  secret_place: "keyring" | "file";
  problem: { code: string; message: string } | null;
  sync: SyncProgress;
  host_info: HostInfo | null;
  lan_addresses: string[];
  default_host_port: number;
}

export interface Probed {
  url: string;
  fingerprint: string | null;
  short_fingerprint: string | null;
  confirmed: boolean;
}

export interface DiscoveredHost {
  name: string;
  url: string;
  fingerprint: string;
  short_fingerprint: string;
}

function isStatus(value: unknown): value is DesktopStatus {
  const v = value as Partial<DesktopStatus> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    (v.mode === "setup" || v.mode === "delegate" || v.mode === "host") &&
    typeof v.sync === "object"
  );
}

/** The gateway's status, or null when this UI runs in a plain browser. */
export async function desktopStatus(): Promise<DesktopStatus | null> {
  let response: Response;
  try {
    response = await fetch("/desktop/status", { cache: "no-store" });
  } catch {
    return null;
  }
  if (!response.ok) return null;
  // A browser on the chamber server gets the UI's index.html for this path.
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith("application/json")) return null;
  const body: unknown = await response.json().catch(() => null);
  return isStatus(body) ? body : null;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: "POST",
      // The gateway refuses changes without its token, which only the
      // app's own window holds.
      headers: { "content-type": "application/json", ...gatewayHeaders() },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError("network", 0, String(cause));
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as T;
}

export const desktop = {
  probe: (address: string) => post<Probed>("/desktop/probe", { address }),
  /**
   * Pairs with the host at `url` (its address, or its pairing link, whose
   * fingerprint confirms it), `confirmation` being the fingerprint typed
   * from the host's screen. The gateway pins the host only if what it
   * presents matches.
   */
  pair: (url: string, confirmation: string | null) =>
    post<DesktopStatus>("/desktop/pair", { url, confirmation }),
  host: (bind: string) => post<DesktopStatus>("/desktop/host", { bind }),
  reset: () => post<DesktopStatus>("/desktop/reset", {}),
  async hosts(): Promise<DiscoveredHost[]> {
    const response = await fetch("/desktop/hosts");
    if (!response.ok) throw await errorFromResponse(response);
    return (await response.json()) as DiscoveredHost[];
  },
};

/**
 * A fingerprint as typed from the host's screen, as the gateway takes it:
 * hex digits, spaces, colons, dashes and case aside, 16 (what the screen
 * shows) to 64 of them; null when it is not one.
 */
export function fingerprintCode(text: string): string | null {
  const digits = text.replace(/[\s:-]/g, "").toLowerCase();
  return /^[0-9a-f]{16,64}$/.test(digits) ? digits : null;
}

/** The address to serve on, from the chosen LAN address (or all) and a port. */
export function bindAddress(address: string, port: string): string | null {
  const n = Number(port.trim());
  if (!Number.isInteger(n) || n < 1 || n > 65535) return null;
  const ip = address === "" ? "0.0.0.0" : address;
  return ip.includes(":") ? `[${ip}]:${n}` : `${ip}:${n}`;
}

/** Bytes as people read them: "12,3 MB" in Vietnamese, "12.3 MB" in English. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ["B", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value)} ${units[unit]}`;
}

/** Share of the packet on disk, 0–1, by bytes (files when sizes are unknown). */
export function syncFraction(sync: SyncProgress): number {
  if (sync.bytes_total > 0)
    return Math.min(1, sync.bytes_done / sync.bytes_total);
  if (sync.files_total > 0)
    return Math.min(1, sync.files_done / sync.files_total);
  return sync.state === "done" ? 1 : 0;
}

/** What the status strip says first, by urgency. */
export type Notice =
  | { kind: "certificateChanged" }
  | { kind: "offline" }
  | { kind: "syncing"; fraction: number }
  | { kind: "syncFailed"; problem: string }
  | { kind: "synced"; files: number }
  | { kind: "none" };

export function notice(status: DesktopStatus): Notice {
  if (status.mode === "setup") return { kind: "none" };
  if (status.problem?.code === "host_certificate_changed")
    return { kind: "certificateChanged" };
  if (!status.online && status.problem?.code === "host_unreachable")
    return { kind: "offline" };
  const sync = status.sync;
  if (sync.state === "syncing")
    return { kind: "syncing", fraction: syncFraction(sync) };
  if (sync.state === "failed" && sync.problem)
    return { kind: "syncFailed", problem: sync.problem };
  if (sync.state === "done") return { kind: "synced", files: sync.files_total };
  return { kind: "none" };
}
