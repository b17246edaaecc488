/** Asks for the API key once per browser session; the key goes to sessionStorage only. */
import type { KeyStore } from "../api/client";
import { h } from "./dom";

export function askForKey(keys: KeyStore, force = false): Promise<void> {
  if (keys.get() && !force) return Promise.resolve();
  return new Promise((resolve) => {
    const input = h("input", { type: "password", id: "api-key", autocomplete: "off", placeholder: "API key or token" });
    const dialog = h(
      "dialog",
      { id: "key-dialog" },
      h(
        "form",
        { method: "dialog" },
        h("h2", {}, "graph_platform"),
        h("p", {}, "Your API key is sent with every request as Authorization: Bearer, kept for this tab only, and never put in links or exports."),
        h("label", {}, "API key ", input),
        h("menu", {}, h("button", { value: "save", id: "key-save" }, "Continue")),
      ),
    );
    dialog.addEventListener("close", () => {
      keys.set(input.value.trim() || null);
      dialog.remove();
      resolve();
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}
