"use client";

import { useActionState } from "react";
import { changeRoleAction, type MemberActionState } from "./actions";
import type { RosterEntry } from "@/lib/roster/list-roster";
import { FormError } from "@/app/components/form-error";
import { AccountLinkCell } from "./account-link-cell";

const initial: MemberActionState = { error: null };

export function MemberRow({ courseId, member, timeZone }: { courseId: string; member: RosterEntry; timeZone: string }) {
  const [state, action, pending] = useActionState(changeRoleAction, initial);
  const formId = `member-${member.userId}`;
  return (
    <tr>
      <td>{member.name}</td>
      <td>{member.email}</td>
      <td>{member.section}</td>
      <td>
        <form id={formId} action={action} className="inline-form">
          <input type="hidden" name="courseId" value={courseId} />
          <input type="hidden" name="userId" value={member.userId} />
          <label className="visually-hidden" htmlFor={`${formId}-role`}>
            Role of {member.name}
          </label>
          <select id={`${formId}-role`} name="role" defaultValue={member.role}>
            <option value="STUDENT">student</option>
            <option value="TA">TA</option>
            <option value="INSTRUCTOR">instructor</option>
          </select>
          <button type="submit" name="intent" value="role" className="secondary" disabled={pending}>
            Change role
          </button>
          <button type="submit" name="intent" value="remove" className="secondary" disabled={pending}>
            Remove
          </button>
        </form>
        <FormError message={state.error} />
      </td>
      <td>
        <AccountLinkCell courseId={courseId} userId={member.userId} name={member.name} timeZone={timeZone} />
      </td>
    </tr>
  );
}
