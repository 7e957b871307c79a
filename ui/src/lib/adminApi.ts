/**
 * The administrator's side of the API: councils and accounts (the server
 * lets only the administrator call these). Delegate groups, committees and
 * people are the secretariat's too: setupApi. Wire types from openapi.json.
 */
import { request } from "./api";
import type { components } from "./api/schema.gen";
import type { Account, Council } from "./types";

type Schemas = components["schemas"];

export type NewCouncil = Schemas["NewCouncil"];
export type NewAccount = Schemas["NewAccount"];
export type AccountPatch = Schemas["AccountPatch"];

export const adminApi = {
  createCouncil: (council: NewCouncil) =>
    request<Council>("POST", "/api/councils", council),
  deleteCouncil: (id: number) => request<void>("DELETE", `/api/councils/${id}`),

  /** Accounts of one council; without it, every account there is. */
  accounts: (councilId?: number) =>
    request<Account[]>(
      "GET",
      councilId === undefined
        ? "/api/accounts"
        : `/api/accounts?council_id=${councilId}`,
    ),
  createAccount: (account: NewAccount) =>
    request<Account>("POST", "/api/accounts", account),
  endSignIns: (id: number) =>
    request<{ sign_ins: number }>("POST", `/api/accounts/${id}/sign-out`),
  updateAccount: (id: number, patch: AccountPatch) =>
    request<Account>("PATCH", `/api/accounts/${id}`, patch),
  deleteAccount: (id: number) => request<void>("DELETE", `/api/accounts/${id}`),
};
