import { Tag } from "@/components/nhs/tag";
import { formatDateTime } from "@/lib/format";
import { certificateState } from "@/lib/mailboxes/client-certificate";
import type { MailboxSettings } from "@/lib/mailboxes/settings";

/** The settings page's "Client certificate" answer: which certificate MESH sees, whose it is, and when it stops working. */
export function ClientCertificateValue({ settings }: { settings: MailboxSettings }) {
  if (!settings.httpsMesh) return <>Not used: this mailbox reaches MESH over http</>;
  const cert = settings.clientCertificate;
  if (!cert) {
    return settings.hasClientCertificate ? <>Stored</> : <>None stored for this mailbox, and Mailroom has no certificate of its own</>;
  }
  const state = certificateState(cert.expiresAt);
  const days = state.kind === "expiring" ? `${state.daysLeft} ${state.daysLeft === 1 ? "day" : "days"}` : "";
  return (
    <>
      <p className="nhsuk-u-margin-bottom-2">
        {cert.source === "mailbox" ? "Stored for this mailbox" : "None stored for this mailbox: Mailroom's own certificate is used"}
        {cert.commonName && <>, issued to {cert.commonName}</>}
      </p>
      <p className={state.kind === "valid" ? "nhsuk-u-margin-bottom-0" : "nhsuk-u-margin-bottom-2"}>
        {state.kind === "expired" ? "Expired" : "Expires"} {formatDateTime(cert.expiresAt)}
        {days && `, in ${days}`} {state.kind === "expired" && <Tag colour="red">Expired</Tag>}
        {state.kind === "expiring" && <Tag colour="orange">Expires soon</Tag>}
      </p>
      {state.kind !== "valid" && (
        <p className="nhsuk-u-margin-bottom-0">
          MESH refuses an expired certificate.{" "}
          {state.kind === "expired" ? "Enter a current one below." : "Enter its replacement below before then."}
        </p>
      )}
    </>
  );
}
