/**
 * A tiny hash router: `#/`, `#/delegate`, `#/chair`, `#/secretary`,
 * `#/chamber`, `#/admin`.
 */
import type { Role } from "./types";

export type Route =
  "signin" | "delegate" | "chair" | "secretary" | "chamber" | "admin";

const ROUTES: Record<string, Route> = {
  "": "signin",
  "/": "signin",
  "/delegate": "delegate",
  "/chair": "chair",
  "/secretary": "secretary",
  "/chamber": "chamber",
  "/admin": "admin",
};

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "");
  return ROUTES[path] ?? "signin";
}

/** The view each role works in. */
export function homeFor(role: Role): Route {
  switch (role) {
    case "delegate":
    case "guest":
      return "delegate";
    case "chair":
      return "chair";
    case "secretary":
      return "secretary";
    case "admin":
      return "admin";
    case "display":
      return "chamber";
  }
}

/**
 * The view a role is shown at `route`: its own, or for the administrator
 * the secretary's screen too (documents, attendance and minutes of the
 * council chosen in the administration area).
 */
export function viewFor(role: Role, route: Route): Route {
  if (role === "admin" && route === "secretary") return route;
  return homeFor(role);
}

class Router {
  route = $state<Route>(
    parseHash(typeof location === "undefined" ? "" : location.hash),
  );

  constructor() {
    if (typeof window !== "undefined") {
      window.addEventListener("hashchange", () => {
        this.route = parseHash(location.hash);
      });
    }
  }

  go(route: Route): void {
    const hash = route === "signin" ? "#/" : `#/${route}`;
    if (location.hash !== hash) location.hash = hash;
    this.route = route;
  }
}

export const router = new Router();
