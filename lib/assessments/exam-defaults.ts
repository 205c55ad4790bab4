/**
 * An exam's attempts per problem unless the instructor sets another limit:
 * one submission, answering each part once (a submission carries every
 * part's answer, so one attempt per problem is one attempt per part). Its own
 * file, so that the editor in the browser reads it without the request schemas.
 */
export const EXAM_ATTEMPT_LIMIT = 1;
