import { afterEach, describe, expect, it, vi } from "vitest";

const desktopWindow = globalThis as {
  __kyhopDesktop?: { token?: string | null; gatewayToken?: unknown };
};

afterEach(() => {
  delete desktopWindow.__kyhopDesktop;
  vi.resetModules();
});

describe("the gateway's token", () => {
  it("is taken once from the app's hand-over and leaves the page's globals", async () => {
    desktopWindow.__kyhopDesktop = { token: "t0k", gatewayToken: "g4te" };
    const { gatewayHeaders } = await import("./gateway");
    expect(gatewayHeaders()).toEqual({ "x-kyhop-gateway-token": "g4te" });
    expect(desktopWindow.__kyhopDesktop).toEqual({ token: "t0k" });
  });

  it("is not sent from a plain browser", async () => {
    const { gatewayHeaders } = await import("./gateway");
    expect(gatewayHeaders()).toEqual({});
  });

  it("goes with every request the UI sends", async () => {
    desktopWindow.__kyhopDesktop = { gatewayToken: "g4te" };
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetch);
    try {
      const { api } = await import("./api");
      await api.logout();
      const init = (fetch.mock.calls[0] as unknown[])[1] as RequestInit;
      expect(init.headers).toMatchObject({ "x-kyhop-gateway-token": "g4te" });
      const { desktop } = await import("./desktop");
      fetch.mockImplementationOnce(
        async () =>
          new Response("{}", {
            status: 200,
            headers: { "content-type": "application/json" },
          }),
      );
      await desktop.reset();
      const sent = (fetch.mock.calls[1] as unknown[])[1] as RequestInit;
      expect(sent.headers).toMatchObject({ "x-kyhop-gateway-token": "g4te" });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
