import type { DeepLinkChoice } from "@/lib/lti/deep-linking";

// The picker on /lti/deep-link: a plain form to /api/lti/deep-link/respond,
// whose answer form-posts the signed response to the LMS (Deep Linking 2.0,
// field `JWT`). That post leaves from the answer's page, whose CSP admits the
// LMS's return origin; this page keeps form-action 'self'.

export function DeepLinkPicker({ request, choices }: { request: string; choices: DeepLinkChoice[] }) {
  return (
    <form method="post" action="/api/lti/deep-link/respond">
      <input type="hidden" name="request" value={request} />
      <fieldset>
        <legend>Place in the LMS course</legend>
        {choices.map((choice, index) => (
          <label key={choice.target} className={choice.kind === "problem" ? "indent" : undefined}>
            <input type="radio" name="target" value={choice.target} defaultChecked={index === 0} /> {choice.title}
          </label>
        ))}
      </fieldset>
      <button type="submit">Place</button>
    </form>
  );
}
