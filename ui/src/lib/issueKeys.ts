/**
 * The two keys of an issue (the chair's and the council seal's) as pure
 * logic: what the signer chose, what is missing, the request it becomes,
 * and which field a refusal from the server belongs next to. Passwords,
 * PINs and key files live only in the form until sent, then are cleared.
 */
import type { KeySpec } from "./recordsApi";

export type KeyKind = "demo" | "pkcs12" | "pkcs11";
export type Signer = "chair" | "seal";
export type KeyPart = "kind" | "file" | "password" | "token" | "key" | "pin";

export interface KeyForm {
  kind: KeyKind;
  /** PKCS#12 file: chosen file (never stored). */
  file: File | null;
  password: string;
  /** PKCS#11: token label, key label, PIN (the PIN never stored). */
  token: string;
  key: string;
  pin: string;
}

export function emptyKey(kind: KeyKind = "pkcs11"): KeyForm {
  return { kind, file: null, password: "", token: "", key: "", pin: "" };
}

/** After an attempt, whatever its outcome: no secret stays in the form. */
export function clearedSecrets(form: KeyForm): KeyForm {
  return { ...form, file: null, password: "", pin: "" };
}

/** What the signer must still fill in, by part. */
export function missingParts(form: KeyForm): KeyPart[] {
  switch (form.kind) {
    case "demo":
      return [];
    case "pkcs12":
      // A PKCS#12 file may have an empty password: the server says if wrong.
      return form.file ? [] : ["file"];
    case "pkcs11": {
      const missing: KeyPart[] = [];
      if (form.token.trim() === "") missing.push("token");
      if (form.key.trim() === "") missing.push("key");
      if (form.pin === "") missing.push("pin");
      return missing;
    }
  }
}

/** The request's key; `fileBase64` is the PKCS#12 file already read. */
export function keySpec(form: KeyForm, fileBase64: string | null): KeySpec {
  switch (form.kind) {
    case "demo":
      return "demo";
    case "pkcs12":
      return {
        pkcs12: { file_base64: fileBase64 ?? "", password: form.password },
      };
    case "pkcs11":
      return {
        pkcs11: {
          token: form.token.trim(),
          key: form.key.trim(),
          pin: form.pin,
        },
      };
  }
}

/** The non-secret part of a choice, worth remembering between issues. */
export interface RememberedKey {
  kind: KeyKind;
  token: string;
  key: string;
}

export function remembered(form: KeyForm): RememberedKey {
  return { kind: form.kind, token: form.token, key: form.key };
}

export function fromRemembered(value: unknown, fallback: KeyKind): KeyForm {
  const v = value as Partial<RememberedKey> | null;
  const kind: KeyKind =
    v?.kind === "demo" || v?.kind === "pkcs12" || v?.kind === "pkcs11"
      ? v.kind
      : fallback;
  return {
    ...emptyKey(kind),
    token: typeof v?.token === "string" ? v.token : "",
    key: typeof v?.key === "string" ? v.key : "",
  };
}

/** Which kind of key an error code is about, and which part of it. */
const CODE_PARTS: Record<string, { kinds: KeyKind[]; part: KeyPart }> = {
  wrong_password: { kinds: ["pkcs12"], part: "password" },
  invalid_pkcs12: { kinds: ["pkcs12"], part: "file" },
  no_private_key: { kinds: ["pkcs12"], part: "file" },
  wrong_pin: { kinds: ["pkcs11"], part: "pin" },
  pin_locked: { kinds: ["pkcs11"], part: "pin" },
  token_not_found: { kinds: ["pkcs11"], part: "token" },
  key_not_found: { kinds: ["pkcs11"], part: "key" },
  certificate_not_found: { kinds: ["pkcs11"], part: "key" },
  pkcs11_unavailable: { kinds: ["pkcs11"], part: "kind" },
  token_error: { kinds: ["pkcs11"], part: "kind" },
  module_load_failed: { kinds: ["pkcs11"], part: "kind" },
  demo_keys_unavailable: { kinds: ["demo"], part: "kind" },
  certificate_expired: { kinds: ["pkcs12", "pkcs11", "demo"], part: "kind" },
  certificate_not_yet_valid: {
    kinds: ["pkcs12", "pkcs11", "demo"],
    part: "kind",
  },
  key_certificate_mismatch: { kinds: ["pkcs12", "pkcs11"], part: "kind" },
  unsupported_key: { kinds: ["pkcs12", "pkcs11"], part: "kind" },
  invalid_key: { kinds: ["pkcs12", "pkcs11"], part: "kind" },
  invalid_certificate: { kinds: ["pkcs12", "pkcs11"], part: "kind" },
};

export interface Placement {
  /** The key the error is about; null: the issue as a whole. */
  signer: Signer | null;
  part: KeyPart | null;
}

/**
 * Where to show an issue error. The server names the key in `field`
 * ("chair" / "seal") when it can; otherwise the key is the only one of
 * the two whose kind the error can be about. When both could be, the
 * error stands above both (the keys are opened chair first, but a
 * refusal does not say which failed).
 */
export function placeIssueError(
  code: string,
  field: string | null,
  chair: KeyKind,
  seal: KeyKind,
): Placement {
  if (code === "same_key_for_chair_and_seal")
    return { signer: "seal", part: "kind" };
  const about =
    field === "file_base64"
      ? { kinds: ["pkcs12"] as KeyKind[], part: "file" as KeyPart }
      : CODE_PARTS[code];
  if (!about) return { signer: null, part: null };
  if (field === "chair" || field === "seal")
    return { signer: field, part: about.part };
  const chairFits = about.kinds.includes(chair);
  const sealFits = about.kinds.includes(seal);
  if (chairFits && !sealFits) return { signer: "chair", part: about.part };
  if (sealFits && !chairFits) return { signer: "seal", part: about.part };
  return { signer: null, part: about.part };
}
