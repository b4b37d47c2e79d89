// What pages and route handlers call: generation, threads, history, models, and the access views.
export { type BlueprintForUser, blueprintsForUser, type LockReason } from "../access/blueprint-access";
export { type UsageView, usageToday } from "../access/quota";
export { loadThread, type ThreadNode, type ThreadPage } from "./conversation";
export { DEMO_MODEL_LABEL } from "./demo-model";
export { type FollowUpInput, type GenerateInput, startFollowUp, startGeneration } from "./generate";
export { type HistoryItem, listHistory } from "./history";
export { MAX_INPUT_CHARS } from "./input";
export { listModels, type ModelInfo, modelLabel } from "./models";
