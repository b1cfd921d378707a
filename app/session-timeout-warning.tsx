"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { routes } from "@/lib/routes";

type Props = {
  signOut: () => Promise<void>;
  /** How long the session lasts without activity, in milliseconds. */
  idleMs: number;
  /** When the session ends if nothing else happens, by the server's clock (ISO time). */
  idleExpiresAt: string;
  /** How long before the end to warn, in milliseconds. */
  warnBeforeMs?: number;
};

type Remaining = { idleRemainingMs: number };

/**
 * GOV.UK-style timeout warning: a modal dialog before idle sign-out that lets the person stay
 * signed in. The server enforces the timeout; this only warns, and asks the server before leaving.
 */
export function SessionTimeoutWarning({ idleMs, idleExpiresAt, signOut, warnBeforeMs = 2 * 60_000 }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const dialog = useRef<HTMLDialogElement>(null);
  // The first deadline is the server's (hydration may come a little later); every later one is "now + what
  // the server says is left", in this browser's clock.
  const [expiresAt, setExpiresAt] = useState(() => new Date(idleExpiresAt).getTime());
  const [open, setOpen] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const seenPath = useRef(pathname);

  useEffect(() => {
    let checking = false;
    const tick = async () => {
      const current = Date.now();
      setNow(current);
      if (seenPath.current !== pathname) {
        // Moving to another page is activity: the server has just extended the session.
        seenPath.current = pathname;
        setExpiresAt(current + idleMs);
        return;
      }
      if (current >= expiresAt - warnBeforeMs && !open) setOpen(true);
      if (current < expiresAt || checking) return;
      // Time is up here; the person may have been busy in another tab, so ask before leaving.
      checking = true;
      const fresh = await askServer("GET");
      checking = false;
      if (fresh && fresh.idleRemainingMs > 5_000) {
        setExpiresAt(Date.now() + fresh.idleRemainingMs);
        setOpen(false);
      } else signedOut();
    };
    const timer = window.setInterval(() => void tick(), 1000);
    return () => window.clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- signedOut only reads the current location
  }, [expiresAt, warnBeforeMs, open, pathname, idleMs]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  function signedOut() {
    const here = window.location.pathname + window.location.search;
    router.push(routes.signIn({ reason: "idle", returnTo: here }));
  }

  async function askServer(method: "GET" | "POST"): Promise<Remaining | null> {
    const response = await fetch("/api/session", { method, cache: "no-store" }).catch(() => null);
    return response?.ok ? ((await response.json()) as Remaining) : null;
  }

  async function staySignedIn() {
    const fresh = await askServer("POST");
    if (!fresh) {
      signedOut();
      return;
    }
    setExpiresAt(Date.now() + fresh.idleRemainingMs);
    setOpen(false);
  }

  const secondsLeft = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  const minutes = Math.floor(secondsLeft / 60);
  const seconds = secondsLeft % 60;
  const remaining =
    minutes > 0 ? `${minutes} minute${minutes === 1 ? "" : "s"}${seconds ? ` ${seconds} seconds` : ""}` : `${seconds} seconds`;

  return (
    <dialog
      ref={dialog}
      aria-labelledby="timeout-title"
      aria-describedby="timeout-description"
      onCancel={(event) => {
        // Escape means "I'm still here", as in the GOV.UK pattern.
        event.preventDefault();
        void staySignedIn();
      }}
      className="m-auto max-w-[40rem] border-4 border-text bg-white p-6 backdrop:bg-text/80 tablet:p-8"
    >
      <h2 id="timeout-title" className="nhsuk-heading-l">
        You’re about to be signed out
      </h2>
      <p id="timeout-description">
        For your security, we will sign you out in <strong>{open ? remaining : ""}</strong>.
      </p>
      <div className="flex flex-wrap items-center gap-6">
        <button type="button" onClick={() => void staySignedIn()} className="nhsuk-button nhsuk-u-margin-bottom-0">
          Stay signed in
        </button>
        <form action={signOut}>
          <button
            type="submit"
            className="nhsuk-u-font-size-19 m-0 cursor-pointer border-0 bg-transparent p-0 text-blue underline focus-visible:focus-text"
          >
            Sign out
          </button>
        </form>
      </div>
    </dialog>
  );
}
