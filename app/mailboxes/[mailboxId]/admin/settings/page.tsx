import type { Metadata } from "next";
import { Button } from "@/components/nhs/button";
import { ErrorSummary } from "@/components/nhs/error-summary";
import { NotificationBanner } from "@/components/nhs/notification-banner";
import { SummaryList } from "@/components/nhs/summary-list";
import { TextInput } from "@/components/nhs/text-input";
import { Textarea } from "@/components/nhs/textarea";
import { formatDateTime } from "@/lib/format";
import { queryText } from "@/lib/http/url-text";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { mailboxSettings, type ConnectionTest } from "@/lib/mailboxes/settings";
import { credentialErrorsFrom, DISPLAY_NAME_ERRORS, DISPLAY_NAME_MAX } from "@/lib/mailboxes/settings-answers";
import { CONNECTION_WORDS } from "@/lib/mailboxes/settings-words";
import { ClientCertificateValue } from "./client-certificate-value";
import { changeDisplayNameAction, replaceCredentialsAction, testConnectionAction } from "./actions";
import { MeshOwnedSection } from "./mesh-owned-section";

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const FIELDS = ["displayName", "password", "certificate", "key"] as const;

function pageErrors(query: Record<string, string | string[] | undefined>) {
  const nameError = queryText(20).parse(query.nameError);
  const displayName =
    nameError && Object.hasOwn(DISPLAY_NAME_ERRORS, nameError)
      ? DISPLAY_NAME_ERRORS[nameError as keyof typeof DISPLAY_NAME_ERRORS]
      : undefined;
  return { displayName, ...credentialErrorsFrom(query) };
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const errors = pageErrors(await searchParams);
  return { title: `${Object.values(errors).some(Boolean) ? "Error: " : ""}Mailbox settings` };
}

export default async function SettingsPage({ params, searchParams }: Props) {
  const access = await requireMailboxAdmin((await params).mailboxId);
  const mailboxId = access.mailbox.mailboxId;
  const query = await searchParams;
  const errors = pageErrors(query);
  const done = queryText(20).parse(query.done);
  const settings = await mailboxSettings(access);
  const typedName = errors.displayName ? (queryText(200).parse(query.name) ?? "") : settings.displayName;
  return (
    <>
      {done === "name" && <NotificationBanner success heading="Display name changed" />}
      {done === "credentials" && (
        <NotificationBanner success heading="MESH credentials replaced">
          <p>Test the connection to check that MESH accepts them.</p>
        </NotificationBanner>
      )}
      {done === "tested" && settings.lastTest && <TestBanner test={settings.lastTest} />}
      <div className="tablet:w-2/3">
        <ErrorSummary errors={errors} order={FIELDS} />
        <h1>Mailbox settings</h1>
        <MeshOwnedSection owned={settings.meshOwned} mailboxId={mailboxId} />

        <h2>Display name</h2>
        <form action={changeDisplayNameAction.bind(null, mailboxId)} noValidate>
          <TextInput
            id="displayName"
            label="Display name"
            hint={`Shown to people in your organisation wherever Mailroom names this mailbox, at most ${DISPLAY_NAME_MAX} characters. MESH keeps its own name for it.`}
            error={errors.displayName}
            defaultValue={typedName}
            autoComplete="off"
            spellCheck={false}
          />
          <Button variant="secondary">Save display name</Button>
        </form>

        <h2>MESH credentials</h2>
        <SummaryList
          rows={[
            {
              key: "Last replaced",
              value: settings.credentialsUpdatedAt
                ? `${formatDateTime(settings.credentialsUpdatedAt)} by ${settings.credentialsUpdatedByName ?? "someone no longer known"}`
                : "Not replaced since the mailbox was set up",
            },
            {
              key: "Client certificate",
              value: <ClientCertificateValue settings={settings} />,
            },
          ]}
        />
        <p>
          What you enter here is stored encrypted and never shown again. To change the credentials, enter new ones: they replace the stored
          ones for everyone who uses this mailbox.
        </p>
        <form action={replaceCredentialsAction.bind(null, mailboxId)} noValidate>
          <TextInput
            id="password"
            type="password"
            label="Mailbox password"
            hint="The password MESH issued for this mailbox"
            error={errors.password}
            autoComplete="new-password"
            spellCheck={false}
            width="30ch"
          />
          {settings.httpsMesh && (
            <>
              <Textarea
                id="certificate"
                label="Client certificate (optional)"
                hint="PEM text, starting -----BEGIN CERTIFICATE-----. Leave the certificate and key empty to keep the stored ones."
                error={errors.certificate}
                spellCheck={false}
                autoComplete="off"
                rows={6}
              />
              <Textarea
                id="key"
                label="Private key of the certificate (optional)"
                hint="Unencrypted PEM text, starting -----BEGIN PRIVATE KEY-----"
                error={errors.key}
                spellCheck={false}
                autoComplete="off"
                rows={6}
              />
            </>
          )}
          <Button>Replace credentials</Button>
        </form>

        <h2>Test the connection</h2>
        <p>Mailroom signs in to MESH once with the stored credentials and tells you what happened.</p>
        {settings.lastTest && (
          <p>
            Last tested {formatDateTime(settings.lastTest.at)} by {settings.lastTest.byName ?? "someone no longer known"}:{" "}
            {CONNECTION_WORDS[settings.lastTest.outcome].inSentence}.
          </p>
        )}
        <form action={testConnectionAction.bind(null, mailboxId)}>
          <Button variant="secondary">Test the connection</Button>
        </form>
      </div>
    </>
  );
}

function TestBanner({ test }: { test: ConnectionTest }) {
  const words = CONNECTION_WORDS[test.outcome];
  return test.outcome === "connected" ? (
    <NotificationBanner success heading={words.heading}>
      <p>{words.detail}</p>
    </NotificationBanner>
  ) : (
    <NotificationBanner title="The connection test failed" heading={words.heading}>
      <p>{words.detail}</p>
    </NotificationBanner>
  );
}
