import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { BackLink } from "@/components/nhs/back-link";
import { buttonClasses } from "@/components/nhs/button";
import { InsetText } from "@/components/nhs/inset-text";
import { SummaryList } from "@/components/nhs/summary-list";
import { Table, Td, Th } from "@/components/nhs/table";
import { WarningCallout } from "@/components/nhs/warning-callout";
import { formatFileSize } from "@/lib/format";
import { loadMessage } from "@/lib/mailboxes/message";
import { senderText } from "@/lib/mailboxes/mesh-header-text";
import { openMessage } from "@/lib/mailboxes/message-content";
import { NOT_PREVIEWED_REASON, TEXT_PREVIEW_MAX_BYTES, previewKind } from "@/lib/mailboxes/preview";
import { readCsvPreview, readJsonPreview, readTextPreview, type CsvPreview } from "@/lib/mailboxes/preview-content";
import { isMeshError } from "@/lib/mesh/errors";
import { CrossSiteRequestError } from "@/lib/security/fetch-metadata";
import { routes, type AppRoute } from "@/lib/routes";

export const metadata: Metadata = { title: "Preview a file" };

type Props = { params: Promise<{ mailboxId: string; messageId: string }> };

const TEXT_LIMIT = formatFileSize(TEXT_PREVIEW_MAX_BYTES);

/**
 * Shows the start of a received file without running anything in it: CSV as a table, text and JSON
 * as text React escapes, PDF in the browser's own viewer from a sandboxed response.
 */
export default async function PreviewPage({ params }: Props) {
  const { mailboxId: rawMailboxId, messageId: rawMessageId } = await params;
  const { access, message } = await loadMessage(rawMailboxId, rawMessageId);
  const { messageId } = message;
  const base = routes.message(access.mailbox.mailboxId, messageId);
  const contentHref = routes.messageContent(access.mailbox.mailboxId, messageId);
  if (message.acknowledgedAt || message.goneAt) return <Gone back={base} />;

  // Shown as text by React, but bidi controls could still make "…exe" read as "…pdf".
  const fileName = senderText(message.fileName) || "File with no name";
  // Decided from the index, as the message page and the PDF route decide it.
  const kind = previewKind(message.contentType, message.fileName);
  const download = (
    <p>
      <a href={contentHref} className={buttonClasses("secondary")} download>
        Download the file
      </a>
    </p>
  );

  if (kind === null || kind === "pdf") {
    return (
      <Frame back={base} fileName={fileName}>
        {kind === "pdf" ? (
          <>
            {download}
            {/* No sandbox attribute: Chromium will not show a PDF in any sandboxed frame. The response
                itself carries `Content-Security-Policy: sandbox` (see the preview route). */}
            <iframe
              src={routes.messagePdf(access.mailbox.mailboxId, messageId)}
              title={`Preview of ${fileName}`}
              className="mb-10 h-[80vh] w-full border border-border"
            />
          </>
        ) : (
          <>
            <p>There is no preview for this file.</p>
            <p>{NOT_PREVIEWED_REASON}</p>
            {download}
          </>
        )}
      </Frame>
    );
  }

  let opened;
  try {
    opened = await openMessage(access, messageId, "preview");
  } catch (error) {
    if (error instanceof CrossSiteRequestError) redirect(base);
    if (isMeshError(error, "not-found")) notFound();
    if (isMeshError(error, "gone")) return <Gone back={base} />;
    throw error;
  }

  if (kind === "csv") {
    const csv = await readCsvPreview(opened.body);
    return (
      <Frame back={base} fileName={fileName}>
        {csv.tooComplex ? (
          <TooComplex />
        ) : csv.header.length === 0 ? (
          <p>This file is empty.</p>
        ) : (
          <CsvTable csv={csv} fileName={fileName} />
        )}
        {download}
      </Frame>
    );
  }

  if (kind === "text") {
    const text = await readTextPreview(opened.body);
    return (
      <Frame back={base} fileName={fileName}>
        {text.looksBinary ? (
          <WarningCallout heading="This file does not look like text">
            <p>
              It may be another kind of file with a text file’s name. Download it and open it with the software your organisation provides.
            </p>
          </WarningCallout>
        ) : (
          <>
            {text.more && <TruncatedNote>{`This preview shows the first ${TEXT_LIMIT} of the file.`}</TruncatedNote>}
            {text.text === "" ? <p>This file is empty.</p> : <Pre label={`Contents of ${fileName}`}>{text.text}</Pre>}
          </>
        )}
        {download}
      </Frame>
    );
  }

  const json = await readJsonPreview(opened.body);
  return (
    <Frame back={base} fileName={fileName}>
      {json.valid ? (
        <>
          {json.resourceType && (
            <SummaryList
              rows={[
                { key: "FHIR resource type", value: json.resourceType },
                ...(json.bundleType ? [{ key: "Bundle type", value: json.bundleType }] : []),
                ...(json.entries !== null ? [{ key: "Entries", value: String(json.entries) }] : []),
              ]}
            />
          )}
          <Pre label={`Contents of ${fileName}`}>{json.pretty}</Pre>
        </>
      ) : json.reason === "too-complex" ? (
        <TooComplex />
      ) : (
        <>
          {json.reason === "invalid" ? (
            <WarningCallout heading="This file is not valid JSON">
              <p>It is shown below as plain text, exactly as it was sent.</p>
            </WarningCallout>
          ) : (
            <TruncatedNote>{`This file is too large to format. The first ${TEXT_LIMIT} is shown as plain text.`}</TruncatedNote>
          )}
          <Pre label={`Contents of ${fileName}`}>{json.text}</Pre>
        </>
      )}
      {download}
    </Frame>
  );
}

function Frame({ back, fileName, children }: { back: AppRoute; fileName: string; children: ReactNode }) {
  return (
    <>
      <BackLink href={back}>Back to the message</BackLink>
      <h1 className="break-words">
        <span className="nhsuk-u-visually-hidden">Preview of </span>
        {fileName}
      </h1>
      {children}
    </>
  );
}

function Gone({ back }: { back: AppRoute }) {
  return (
    <>
      <BackLink href={back}>Back to the message</BackLink>
      <h1>This file is no longer available</h1>
      <p>MESH deletes messages that are not collected within 5 days. Ask the sender to send it again.</p>
    </>
  );
}

/** Past what a preview may build (columns, cells, nesting): the download is the way to see it. */
function TooComplex() {
  return (
    <InsetText>
      <p>This file is too large or too complex to preview. Download the file and open it with the software your organisation provides.</p>
    </InsetText>
  );
}

function TruncatedNote({ children }: { children: string }) {
  return (
    <InsetText>
      <p>{`${children} Download the file to see all of it.`}</p>
    </InsetText>
  );
}

/** Scrollable text; focusable so keyboard users can scroll it too. */
function Pre({ label, children }: { label: string; children: string }) {
  return (
    <pre
      // Scrollable content must be reachable by keyboard (WCAG 2.1.1, axe scrollable-region-focusable).
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      aria-label={label}
      className="mb-8 max-h-[70vh] overflow-auto whitespace-pre-wrap break-words border border-border bg-white p-4 font-mono text-base"
    >
      {children}
    </pre>
  );
}

function CsvTable({ csv, fileName }: { csv: CsvPreview; fileName: string }) {
  const columns = Array.from({ length: csv.columns }, (_, i) => i);
  const count = csv.rows.length;
  const caption = csv.more
    ? `The first ${count} ${count === 1 ? "row" : "rows"} of ${fileName}`
    : `All ${count} ${count === 1 ? "row" : "rows"} of ${fileName}`;
  return (
    <>
      {csv.more && <TruncatedNote>{`This preview shows the first ${count} rows of the file.`}</TruncatedNote>}
      {/* A wide table scrolls sideways; focusable so keyboard users can scroll it (WCAG 2.1.1). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="nhsuk-table-container" role="region" aria-label={caption} tabIndex={0}>
        <Table
          caption={caption}
          head={columns.map((i) => (
            <Th key={i}>{csv.header[i] || `Column ${i + 1}`}</Th>
          ))}
        >
          {csv.rows.map((row, r) => (
            <tr key={r}>
              {columns.map((i) => (
                <Td key={i}>{row[i] ?? ""}</Td>
              ))}
            </tr>
          ))}
        </Table>
      </div>
    </>
  );
}
