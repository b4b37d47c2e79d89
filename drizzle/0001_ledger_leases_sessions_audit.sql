CREATE TABLE "audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text,
	"actor_email" text NOT NULL,
	"action" text NOT NULL,
	"target_identity_id" text,
	"target_ref" text,
	"reason" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "revoked_session" (
	"id" text PRIMARY KEY NOT NULL,
	"identity_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_event" (
	"id" text PRIMARY KEY NOT NULL,
	"identity_id" text NOT NULL,
	"output_id" text NOT NULL,
	"kind" text NOT NULL,
	"tier" text NOT NULL,
	"blueprint_id" text,
	"model" text NOT NULL,
	"provider_model" text,
	"status" text DEFAULT 'streaming' NOT NULL,
	"error_code" text,
	"input_tokens" integer,
	"output_tokens" integer,
	"ttft_ms" integer,
	"duration_ms" integer,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"unit_day" date NOT NULL,
	"unit_refunded" boolean DEFAULT false NOT NULL,
	"lease_expires_at" timestamp with time zone,
	"user_node_id" bigint,
	"assistant_node_id" bigint
);
--> statement-breakpoint
ALTER TABLE "access_grant" DROP CONSTRAINT "access_grant_membership_check";--> statement-breakpoint
ALTER TABLE "access_grant" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_grant" ADD COLUMN "granted_by" text;--> statement-breakpoint
ALTER TABLE "app_identity" ADD COLUMN "sessions_valid_after" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversation_node" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "output_record" ADD COLUMN "title" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "output_record" ADD COLUMN "share_token" text;--> statement-breakpoint
ALTER TABLE "output_record" ADD COLUMN "shared_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_event" ADD COLUMN "waits_for" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_app_identity_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_identity"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_target_identity_id_app_identity_id_fk" FOREIGN KEY ("target_identity_id") REFERENCES "public"."app_identity"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revoked_session" ADD CONSTRAINT "revoked_session_identity_id_app_identity_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."app_identity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_event" ADD CONSTRAINT "usage_event_identity_id_app_identity_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."app_identity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_event" ADD CONSTRAINT "usage_event_blueprint_id_prompt_blueprint_id_fk" FOREIGN KEY ("blueprint_id") REFERENCES "public"."prompt_blueprint"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_id_idx" ON "audit_log" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "audit_log_target_identity_id_idx" ON "audit_log" USING btree ("target_identity_id");--> statement-breakpoint
CREATE INDEX "revoked_session_identity_id_idx" ON "revoked_session" USING btree ("identity_id");--> statement-breakpoint
CREATE INDEX "revoked_session_expires_at_idx" ON "revoked_session" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "usage_event_started_at_idx" ON "usage_event" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "usage_event_identity_started_idx" ON "usage_event" USING btree ("identity_id","started_at");--> statement-breakpoint
CREATE INDEX "usage_event_blueprint_id_idx" ON "usage_event" USING btree ("blueprint_id");--> statement-breakpoint
CREATE INDEX "usage_event_lease_idx" ON "usage_event" USING btree ("lease_expires_at") WHERE "usage_event"."status" = 'streaming';--> statement-breakpoint
CREATE INDEX "usage_event_streaming_output_idx" ON "usage_event" USING btree ("output_id") WHERE "usage_event"."status" = 'streaming';--> statement-breakpoint
CREATE UNIQUE INDEX "output_record_share_token_key" ON "output_record" USING btree ("share_token");--> statement-breakpoint
CREATE INDEX "webhook_event_waits_for_idx" ON "webhook_event" USING btree ("waits_for") WHERE "webhook_event"."waits_for" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "access_grant" ADD CONSTRAINT "access_grant_comp_check" CHECK ("access_grant"."source" <> 'comp' OR ("access_grant"."expires_at" IS NOT NULL AND "access_grant"."user_id" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "access_grant" ADD CONSTRAINT "access_grant_membership_check" CHECK ("access_grant"."source" <> 'whop' OR "access_grant"."whop_membership_id" IS NOT NULL);--> statement-breakpoint
UPDATE "output_record" SET "title" = left(btrim(split_part(btrim("prompt"), E'\n', 1)), 80) WHERE "title" = '';
