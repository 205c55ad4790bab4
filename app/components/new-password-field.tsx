/** Keep in step with MIN_PASSWORD_LENGTH in lib/auth/password.ts (which the server checks; this only helps the browser say it first). */
const MIN_PASSWORD_LENGTH = 8;

/** A field for choosing a password: the browser offers to generate one, and refuses one that is too short before sending. */
export function NewPasswordField({ name, label }: { name: string; label: string }) {
  return (
    <label>
      {label} (at least {MIN_PASSWORD_LENGTH} characters)
      <input name={name} type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} />
    </label>
  );
}
