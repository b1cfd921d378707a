CREATE TABLE "mailbox_workflows" (
	"mailbox_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	CONSTRAINT "mailbox_workflows_mailbox_id_workflow_id_pk" PRIMARY KEY("mailbox_id","workflow_id")
);
--> statement-breakpoint
CREATE TABLE "send_intents" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"mailbox_id" text NOT NULL,
	"person_id" text NOT NULL,
	"answers" jsonb NOT NULL,
	"state" text DEFAULT 'issued' NOT NULL,
	"result" jsonb,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "send_intents_state_valid" CHECK ("send_intents"."state" in ('issued', 'sending', 'sent'))
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"workflow_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mailbox_workflows" ADD CONSTRAINT "mailbox_workflows_mailbox_id_mailboxes_mailbox_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("mailbox_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailbox_workflows" ADD CONSTRAINT "mailbox_workflows_workflow_id_workflows_workflow_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("workflow_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_intents" ADD CONSTRAINT "send_intents_mailbox_id_mailboxes_mailbox_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("mailbox_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "send_intents_expires_at_idx" ON "send_intents" USING btree ("expires_at");