"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/nhs/button";
import { useActionState, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { sendDetailsSchema } from "@/lib/mailboxes/send-answers";
import { routes } from "@/lib/routes";
import type { CheckInput, CheckResult, FindResult, NoScriptState } from "./actions";
import { CheckAnswers, type CheckedAnswers } from "./check-answers";
import { hashFile } from "./hash-file";
import { SendProblem } from "./send-problem";
import { SendProgress } from "./send-progress";
import { OTHER_WORKFLOW, fileProblem, isSendProblemPage, workflowIdMissing, type Progress } from "./send-rules";
import { SendQuestions, type Draft, type DraftField } from "./send-questions";
import { uploadFile, type Upload, type UploadFailure } from "./upload-file";

type Props = {
  mailboxId: string;
  workflows: { workflowId: string; name: string }[];
  recentRecipients: { mailboxId: string; name: string | null }[];
  limitBytes: number;
  checkAnswers: (input: CheckInput) => Promise<CheckResult>;
  findRecipients: (query: { odsCode: string; workflowId: string }) => Promise<FindResult>;
  /** The same check as a form post, for a browser without JavaScript. */
  checkWithoutScript: (previous: NoScriptState, form: FormData) => Promise<NoScriptState>;
  /** Answers to start from (a Change link from check your answers without JavaScript). */
  initial?: Partial<Draft>;
  /** Why the last send without JavaScript did not happen. */
  sendProblem?: string;
};

const noSubscription = () => () => {};

type Step = "questions" | "check" | "sending" | "problem";

const EMPTY: Draft = { recipient: "", workflowChoice: "", otherWorkflow: "", subject: "", localId: "", file: null };
// A long upload is the person at work: tell the server now and then, so the idle timeout does not end it.
const KEEP_ALIVE_MS = 4 * 60_000;

/** The send journey in the browser: questions, check your answers, then the upload with its progress. */
export function SendFile(props: Props) {
  const { mailboxId, workflows, recentRecipients, limitBytes, checkAnswers, findRecipients, checkWithoutScript, initial, sendProblem } =
    props;
  const router = useRouter();
  // False in the server's HTML, so the page works before (or without) JavaScript.
  const scripted = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [noScript, formAction] = useActionState(checkWithoutScript, null);
  const [step, setStep] = useState<Step>("questions");
  const [draft, setDraft] = useState<Draft>(() => ({ ...EMPTY, ...initial, ...draftFrom(noScript?.values) }));
  const [errors, setErrors] = useState<Partial<Record<DraftField, string>>>(noScript?.errors ?? {});
  const [problem, setProblem] = useState<string | null>(noScript?.problem ?? sendProblem ?? null);
  const [checked, setChecked] = useState<CheckedAnswers | null>(null);
  const [sha256, setSha256] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [failure, setFailure] = useState<UploadFailure | null>(null);
  const problemHeading = useRef<HTMLHeadingElement>(null);
  const [now, setNow] = useState(0);
  const upload = useRef<Upload | null>(null);
  const focusAfterChange = useRef<DraftField | null>(null);
  const hashing = useRef<File | null>(null);

  useEffect(() => {
    if (step !== "questions" || !focusAfterChange.current) return;
    const id =
      focusAfterChange.current === "workflowId" && draft.workflowChoice === OTHER_WORKFLOW ? "workflowId-other" : focusAfterChange.current;
    focusAfterChange.current = null;
    document.getElementById(id)?.focus();
  }, [step, draft.workflowChoice]);

  useEffect(() => {
    if (step === "problem") problemHeading.current?.focus();
  }, [step]);

  const change = (patch: Partial<Draft>, problemWithFile?: string) => {
    setDraft((current) => ({ ...current, ...patch }));
    if ("file" in patch) {
      setErrors((current) => ({ ...current, file: problemWithFile }));
      setSha256(null);
      const file = patch.file ?? null;
      hashing.current = file;
      if (file) {
        // Only the latest choice's hash counts; an earlier one may finish later.
        hashFile(file).then(
          (hex) => hashing.current === file && setSha256(hex),
          () => hashing.current === file && setProblem("Your browser could not read the file. Choose it again."),
        );
      }
    }
  };

  const workflowId = draft.workflowChoice === OTHER_WORKFLOW ? draft.otherWorkflow : draft.workflowChoice;

  const proceed = async () => {
    setProblem(null);
    // The browser's checks only help: the server decides again.
    const found: Partial<Record<DraftField, string>> = {};
    const details = sendDetailsSchema.safeParse({ recipient: draft.recipient, workflowId, subject: draft.subject, localId: draft.localId });
    if (!details.success) for (const issue of details.error.issues) found[issue.path[0] as DraftField] ??= issue.message;
    const otherMissing = workflowIdMissing(draft.workflowChoice, draft.otherWorkflow);
    if (otherMissing) found.workflowId = otherMissing;
    // A file refused when it was chosen keeps its reason ("must be 50 MB or smaller"), not "select a file".
    const fileIssue = draft.file ? fileProblem([draft.file], limitBytes) : (errors.file ?? fileProblem([], limitBytes));
    if (fileIssue) found.file = fileIssue;
    setErrors(found);
    if (Object.keys(found).length > 0 || !draft.file) return;
    setBusy(true);
    try {
      const file = draft.file;
      const result = await checkAnswers({
        recipient: draft.recipient,
        workflowId,
        subject: draft.subject,
        localId: draft.localId,
        fileName: file.name,
        size: file.size,
        contentType: file.type,
      });
      if (!result.ok) {
        setErrors(result.errors);
        setProblem(result.problem ?? null);
        return;
      }
      setChecked(result.answers);
      setStep("check");
      window.scrollTo(0, 0);
    } catch {
      setProblem("Sorry, there is a problem with the service. Try again later.");
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    if (!checked || !sha256 || !draft.file) return;
    setProblem(null);
    setStep("sending");
    const startedAt = Date.now();
    setProgress({ loaded: 0, total: draft.file.size, startedAt });
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const keepAlive = setInterval(
      () => void fetch("/api/session", { method: "POST", cache: "no-store" }).catch(() => undefined),
      KEEP_ALIVE_MS,
    );
    upload.current = uploadFile({ url: routes.outbox(mailboxId), file: draft.file, sendKey: checked.sendKey, sha256 }, (loaded, total) =>
      setProgress({ loaded, total, startedAt }),
    );
    const outcome = await upload.current.done;
    clearInterval(tick);
    clearInterval(keepAlive);
    upload.current = null;
    if (outcome.ok) {
      router.push(routes.sentConfirmation(mailboxId, outcome.messageId));
      return;
    }
    if (outcome.kind === "session") {
      router.push(routes.signIn({ returnTo: routes.sendFile(mailboxId) }));
      return;
    }
    if (outcome.field) {
      setErrors({ [outcome.field]: outcome.message });
      setStep("questions");
      return;
    }
    if (isSendProblemPage(outcome.code, outcome.field)) {
      setFailure(outcome);
      setStep("problem");
      window.scrollTo(0, 0);
      return;
    }
    setProblem(outcome.message);
    setStep("check");
  };

  if (step === "sending" && progress && draft.file) {
    return (
      <SendProgress
        fileName={draft.file.name}
        progress={progress}
        now={now || progress.startedAt}
        onCancel={() => upload.current?.cancel()}
      />
    );
  }
  if (step === "problem" && failure) {
    return (
      <SendProblem
        error={failure.error ?? failure.message}
        meshCode={failure.meshCode}
        whatToTry={failure.whatToTry}
        headingRef={problemHeading}
      >
        <div className="flex flex-wrap items-baseline gap-x-6">
          <Button type="button" onClick={() => setStep("check")}>
            Try again
          </Button>
          <Link href={routes.inbox(mailboxId)}>Go to your inbox</Link>
        </div>
      </SendProblem>
    );
  }
  return (
    <>
      {problem && (
        <div role="alert" aria-labelledby="send-problem-title" className="nhsuk-error-summary">
          <h2 id="send-problem-title" className="nhsuk-error-summary__title">
            There is a problem
          </h2>
          <div className="nhsuk-error-summary__body">
            <p>{problem}</p>
          </div>
        </div>
      )}
      {step === "check" && checked ? (
        <CheckAnswers
          answers={checked}
          sha256={sha256}
          onChange={(field) => {
            focusAfterChange.current = field;
            setStep("questions");
          }}
          onSend={send}
        />
      ) : (
        <>
          <h1>Send a file</h1>
          <SendQuestions
            draft={draft}
            errors={errors}
            workflows={workflows}
            recentRecipients={recentRecipients}
            limitBytes={limitBytes}
            busy={busy}
            scripted={scripted}
            formAction={formAction}
            findRecipients={findRecipients}
            searched={noScript?.searched}
            onChange={change}
            onContinue={proceed}
          />
        </>
      )}
    </>
  );
}

/** The answers a form post without JavaScript came back with. */
function draftFrom(values: Record<string, string> | undefined): Partial<Draft> {
  if (!values) return {};
  return {
    recipient: values.recipient ?? "",
    workflowChoice: values.workflowId ?? "",
    otherWorkflow: values.otherWorkflow ?? "",
    subject: values.subject ?? "",
    localId: values.localId ?? "",
  };
}
