import type { Cluster } from "node:cluster";

export const PAGE_LOADS_BUSY: "chainrule.pageLoads.busy";
export const PAGE_LOADS_ELSEWHERE: "chainrule.pageLoads.elsewhere";
export function relayPageLoads(cluster: Cluster): void;
