/**
 * The desktop app's local gateway refuses changes (set-up, pairing, sign-in,
 * sign-out) unless they carry its token: a secret it makes at each start and
 * that the app hands its own window only, by an initialization script that
 * sets `window.__kyhopDesktop.gatewayToken` before the UI loads. Read once
 * here and taken off the page's globals. In a browser there is none and no
 * header is sent.
 */

/** The header the gateway reads its token from. */
export const GATEWAY_TOKEN_HEADER = "x-kyhop-gateway-token";

interface DesktopWindow {
  __kyhopDesktop?: { gatewayToken?: unknown };
}

let gatewayToken: string | null = null;

/** Takes the token the app handed over (if any) off the page's globals. */
export function takeGatewayToken(): void {
  const handover = (globalThis as DesktopWindow).__kyhopDesktop;
  if (!handover || !("gatewayToken" in handover)) return;
  const given = handover.gatewayToken;
  delete handover.gatewayToken;
  if (typeof given === "string" && given !== "") gatewayToken = given;
}

takeGatewayToken();

/** The header to add to a request to the gateway; none in a browser. */
export function gatewayHeaders(): Record<string, string> {
  return gatewayToken === null ? {} : { [GATEWAY_TOKEN_HEADER]: gatewayToken };
}
