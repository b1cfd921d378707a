"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { z } from "zod";
import { Tag } from "@/components/nhs/tag";

const POLL_EVERY_MS = 10_000;
const SENDING_REFRESH_MS = 5_000;

const statusSchema = z.object({
  messageId: z.string(),
  label: z.string(),
  colour: z.enum(["white", "blue", "green", "red", "orange"]),
  final: z.boolean(),
  detail: z.string(),
  checkProblem: z.boolean(),
});
type LiveStatus = z.infer<typeof statusSchema>;
const responseSchema = z.object({ statuses: z.array(statusSchema) });

const LiveStatuses = createContext<Map<string, LiveStatus> | null>(null);

type Props = {
  statusesUrl: string;
  /** Each message shown, with the name the announcement uses and whether its status is final. */
  messages: { messageId: string; name: string; label: string; final: boolean }[];
  children: ReactNode;
};

/**
 * Keeps the statuses on the page current from Mailroom's index (never MESH): polls while any shown
 * message is not final, pauses while the tab is hidden, and announces a change politely. Only the
 * tags change; the page is not re-rendered.
 */
export function SentLive({ statusesUrl, messages, children }: Props) {
  const [announcement, setAnnouncement] = useState("");
  const labels = useRef(new Map(messages.map((m) => [m.messageId, m.label])));
  const ids = messages.map((m) => m.messageId);
  const anyPending = messages.some((m) => !m.final);
  const { data, isError } = useQuery({
    queryKey: ["sent-statuses", statusesUrl, ids.join(",")],
    queryFn: async () => {
      const params = new URLSearchParams(ids.map((id) => ["id", id]));
      const response = await fetch(`${statusesUrl}?${params}`, { cache: "no-store" });
      if (response.status === 401) {
        window.location.reload();
        throw new Error("signed out");
      }
      if (!response.ok) throw new Error(`Status check failed (${response.status})`);
      const statuses = responseSchema.parse(await response.json()).statuses;
      // Say which statuses changed since the last answer (or since the page was rendered), politely.
      const changed = statuses
        .filter((status) => labels.current.get(status.messageId) !== status.label)
        .map((status) => `${messages.find((m) => m.messageId === status.messageId)?.name ?? "A message"}: ${status.label}.`);
      for (const status of statuses) labels.current.set(status.messageId, status.label);
      if (changed.length) setAnnouncement(changed.join(" "));
      return new Map(statuses.map((status) => [status.messageId, status]));
    },
    enabled: anyPending,
    refetchInterval: (query) => {
      const latest = query.state.data;
      const stillPending = latest ? [...latest.values()].some((s) => !s.final) : anyPending;
      return stillPending ? POLL_EVERY_MS : false;
    },
    refetchIntervalInBackground: false,
  });

  const problem = isError || (data ? [...data.values()].some((s) => s.checkProblem) : false);
  return (
    <LiveStatuses.Provider value={data ?? null}>
      <div role="status" aria-live="polite" className="nhsuk-u-visually-hidden">
        {announcement}
      </div>
      {problem && (
        <p className="text-error">
          We could not check some statuses with MESH just now. What you see may be out of date; it will be checked again.
        </p>
      )}
      {children}
    </LiveStatuses.Provider>
  );
}

/** A sent message's status tag and its one line of detail, updated in place by SentLive. */
export function LiveSentTag({ messageId, initial }: { messageId: string; initial: Omit<LiveStatus, "messageId" | "checkProblem"> }) {
  const live = useContext(LiveStatuses)?.get(messageId);
  const status = live ?? initial;
  return (
    <span>
      <Tag colour={status.colour}>{status.label}</Tag>
      <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour mt-1 block">{status.detail}</span>
    </span>
  );
}

/**
 * While a send is being uploaded, re-renders the page from the server every few seconds (paused while
 * the tab is hidden), so its "Sending" row becomes the sent message, or goes if the upload failed.
 */
export function RefreshWhileSending({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, SENDING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}
