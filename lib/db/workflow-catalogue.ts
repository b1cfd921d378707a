/**
 * Plain names for MESH workflow ids, shown wherever a person picks or reads a workflow. This is the
 * one place to add a workflow; the seed writes it to the `workflows` table.
 */
export const WORKFLOW_CATALOGUE: readonly { workflowId: string; name: string }[] = [
  { workflowId: "MAILROOM_FILE", name: "A file sent with Mailroom" },
  { workflowId: "TOC_FHIR_IP_DISCH", name: "Discharge summary after an inpatient stay" },
  { workflowId: "TOC_FHIR_IP_DISCH_ACK", name: "Acknowledgement of a discharge summary" },
  { workflowId: "PATH_MEDRPT_V3", name: "Pathology report" },
  { workflowId: "PATH_MEDRPT_V3_ACK", name: "Acknowledgement of a pathology report" },
  { workflowId: "TEST_WORKFLOW", name: "Test messages (MESH sandbox)" },
  { workflowId: "TEST_WORKFLOW_ACK", name: "Acknowledgement of a test message (MESH sandbox)" },
  { workflowId: "TEST_WORKFLOW2", name: "Second test workflow (MESH sandbox)" },
];
