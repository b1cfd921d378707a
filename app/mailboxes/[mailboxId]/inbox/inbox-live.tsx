"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { z } from "zod";
import { clearBackgroundRefresh, markBackgroundRefresh } from "@/lib/auth/background-refresh";

const POLL_EVERY_MS = 20_000;

const summarySchema = z.object({ unopened: z.number(), total: z.number(), problem: z.boolean() });

type Props = { mailboxId: string; initialUnopened: number; initialTotal: number; filtered: boolean };

/**
 * Keeps the inbox current: polls a small summary (paused while the tab is hidden), re-renders the
 * server table when something changed, keeps the unopened count in the title, and tells screen
 * reader users politely when new messages arrive. Neither the poll nor the re-render counts as the
 * person's activity, so an inbox left open still signs out when idle.
 */
export function InboxLive({ mailboxId, initialUnopened, initialTotal, filtered }: Props) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [announcement, setAnnouncement] = useState("");
  const previous = useRef({ unopened: initialUnopened, total: initialTotal });
  const { data, isError } = useQuery({
    queryKey: ["mailboxes", mailboxId, "inbox-summary"],
    queryFn: async () => {
      const response = await fetch(`/api/mailboxes/${encodeURIComponent(mailboxId)}/inbox/summary`, { cache: "no-store" });
      if (response.status === 401) {
        window.location.reload();
        throw new Error("signed out");
      }
      if (!response.ok) throw new Error(`Inbox check failed (${response.status})`);
      return summarySchema.parse(await response.json());
    },
    refetchInterval: POLL_EVERY_MS,
    refetchIntervalInBackground: false,
  });

  // Only a refresh this page started is unmarked here, so an inbox opening in another tab leaves one
  // that is under way alone; leaving the page mid-refresh unmarks it too.
  const marked = useRef(false);
  useEffect(() => {
    if (refreshing || !marked.current) return;
    marked.current = false;
    clearBackgroundRefresh();
  }, [refreshing]);
  useEffect(
    () => () => {
      if (marked.current) clearBackgroundRefresh();
    },
    [],
  );

  useEffect(() => {
    if (!data) return;
    const before = previous.current;
    previous.current = { unopened: data.unopened, total: data.total };
    const title = document.title.replace(/^Inbox( \(\d+ unopened\))?/, data.unopened > 0 ? `Inbox (${data.unopened} unopened)` : "Inbox");
    if (title !== document.title) document.title = title;
    if (data.unopened > before.unopened) {
      const arrived = data.unopened - before.unopened;
      setAnnouncement(arrived === 1 ? "1 new message has arrived." : `${arrived} new messages have arrived.`);
    }
    if (data.unopened !== before.unopened || data.total !== before.total) {
      marked.current = true;
      markBackgroundRefresh();
      startRefresh(() => router.refresh());
    }
  }, [data, router]);

  const count = data?.unopened ?? initialUnopened;
  return (
    <>
      <p>
        {count === 0 ? "No unopened messages." : count === 1 ? "1 unopened message." : `${count} unopened messages.`}
        {filtered ? " Search results are shown below." : ""}
      </p>
      <div role="status" aria-live="polite" className="nhsuk-u-visually-hidden">
        {announcement}
      </div>
      {(isError || data?.problem) && (
        <p className="text-error">We could not check for new messages just now. The list may be out of date.</p>
      )}
    </>
  );
}
