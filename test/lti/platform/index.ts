/** The test LMS platform: start one with `startPlatform`; see README.md. */
export { startPlatform, TestPlatform, type PlatformOptions } from "./platform";
export { FLAVOURS, lineItemSubUrl, type CourseRole, type Flavour } from "./flavours";
export { parseAutoSubmitForm, type HtmlForm } from "./html";
export { UserAgent, launchOverHttp, type HttpLaunch } from "./user-agent";
export { ASSERTION_TYPE } from "./token";
export * from "./model";
export * from "./vocabulary";
