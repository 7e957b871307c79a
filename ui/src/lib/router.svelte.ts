/** A tiny hash router: `#/`, `#/delegate`, `#/chair`, `#/secretary`, `#/chamber`. */
import type { Role } from "./types";

export type Route = "signin" | "delegate" | "chair" | "secretary" | "chamber";

const ROUTES: Record<string, Route> = {
  "": "signin",
  "/": "signin",
  "/delegate": "delegate",
  "/chair": "chair",
  "/secretary": "secretary",
  "/chamber": "chamber",
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
    case "admin":
      return "secretary";
    case "display":
      return "chamber";
  }
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
