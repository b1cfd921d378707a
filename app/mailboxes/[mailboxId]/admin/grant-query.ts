import { z } from "zod";
import { queryText } from "@/lib/http/url-text";

/** The grant form's answers as they ride in the query between the form and check your answers. */
export const grantQuery = z.object({ chosen: queryText(12), typed: queryText(40), role: queryText(10), check: queryText(1) });

export type GrantQuery = z.infer<typeof grantQuery>;
