/** Error codes of the records (resolutions, signing, verification) and their messages. */
import type { MessageKey } from "../i18n/i18n.svelte";

const CODES = [
  "poll_not_passed",
  "poll_missing",
  "already_issued",
  "issue_in_progress",
  "same_key_for_chair_and_seal",
  "signer_not_certificate_holder",
  "wrong_password",
  "wrong_pin",
  "pin_locked",
  "invalid_pkcs12",
  "no_private_key",
  "key_certificate_mismatch",
  "certificate_expired",
  "certificate_not_yet_valid",
  "unsupported_key",
  "invalid_key",
  "invalid_certificate",
  "token_not_found",
  "key_not_found",
  "certificate_not_found",
  "token_error",
  "module_load_failed",
  "pkcs11_unavailable",
  "demo_keys_unavailable",
  "damaged_pdf",
  "encrypted_pdf",
  "validation_failed",
  "invalid_reference",
] as const;

export const RECORDS_ERRORS: Record<string, MessageKey> = Object.fromEntries(
  CODES.map((code) => [code, `records.error.${code}` satisfies MessageKey]),
);
