import type { Action } from "./action.svelte";

/**
 * A "below the quorum" warning answers the count the chair saw: when the
 * number present changes, the warning (and its "go on" button) goes, and
 * the chair asks again rather than confirm an old count.
 */
export function onQuorumChange(present: () => number, action: Action): void {
  $effect(() => {
    void present();
    action.forget("below_quorum");
  });
}
