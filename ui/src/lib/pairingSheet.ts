/**
 * The printed pairing cards: each delegate's fresh code, its sign-in link
 * and that link as a QR code (an SVG made here, in the browser: nothing is
 * sent anywhere to draw it). Cards are laid out ten to an A4 page.
 */
import { signInLink } from "./pairingLink";

export const CARDS_PER_PAGE = 10;

export interface PrintedCard {
  personId: number;
  name: string;
  group: string;
  code: string;
  expiresAt: string;
  /** Issued during a session: works only once the chair has confirmed it. */
  awaitsChair: boolean;
  link: string;
  /** The server's address as the laptop types it, and the TLS
   * fingerprint it checks (grouped for reading), when the server has one. */
  address: string;
  fingerprint: string | null;
  /** The QR code as an SVG data URL, for an <img>. */
  qr: string;
}

/** "3F2A 91C0 …": the fingerprint in groups of four, upper case. */
export function groupedFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(" ");
}

export async function qrDataUrl(text: string): Promise<string> {
  // Loaded when cards are made, not with every delegate's page.
  const { default: QRCode } = await import("qrcode");
  // Level M survives a crease or a coffee stain on a printed card.
  const svg = await QRCode.toString(text, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 1,
  });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * `fallbackUrl`: the app's address in this browser, used only when the
 * server did not say where laptops reach it.
 */
export async function printedCard(
  fallbackUrl: string,
  person: { id: number; name: string; group: string },
  card: {
    code: string;
    expires_at: string;
    awaits_chair: boolean;
    server: { url: string; tls_fingerprint: string | null } | null;
  },
): Promise<PrintedCard> {
  const address = card.server?.url ?? fallbackUrl.replace(/[#?].*$/, "");
  const link = signInLink(
    `${address.replace(/\/$/, "")}/`,
    card.code,
    card.server?.tls_fingerprint ?? null,
  );
  return {
    personId: person.id,
    name: person.name,
    group: person.group,
    code: card.code,
    expiresAt: card.expires_at,
    awaitsChair: card.awaits_chair,
    link,
    address: address.replace(/\/$/, ""),
    fingerprint: card.server?.tls_fingerprint
      ? groupedFingerprint(card.server.tls_fingerprint)
      : null,
    qr: await qrDataUrl(link),
  };
}

/** Cards split into A4 pages. */
export function pages<T>(cards: readonly T[], perPage = CARDS_PER_PAGE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < cards.length; i += perPage)
    out.push(cards.slice(i, i + perPage));
  return out;
}
