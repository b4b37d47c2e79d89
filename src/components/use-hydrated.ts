"use client";
// True once the page runs in the browser (false in the server's HTML and during hydration), so a
// component can render what only the browser knows (time zone, platform) without a mismatch.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
