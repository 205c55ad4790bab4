import "server-only";
import type { Db } from "@/lib/db/client";
import { listRoster, type RosterEntry } from "./list-roster";

export interface GetRosterPageOptions {
  db: Db;
  courseId: string;
}

export interface RosterPage {
  courseTitle: string;
  /** The course's IANA zone, shown beside the viewer's (lib/dates). */
  timeZone: string;
  /** The secret of the course's sign-up link; null when no link is active. */
  inviteCode: string | null;
  members: RosterEntry[];
}

/** What the instructor's roster page shows: the course, its invite code and everyone in it. The caller checks the role. */
export async function getRosterPage({ db, courseId }: GetRosterPageOptions): Promise<RosterPage> {
  const [course, members] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true, inviteCode: true, timeZone: true } }),
    listRoster({ db, courseId }),
  ]);
  return { courseTitle: course.title, timeZone: course.timeZone, inviteCode: course.inviteCode, members };
}
