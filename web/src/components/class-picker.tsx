/**
 * Picks a class by name from the ones the student has studied, most recent first, or by number
 * for a class not studied yet. Submits the class number under `name` (empty for none).
 */
import { useState } from 'preact/hooks';
import { useApp, useClassName } from './context';

const OTHER = 'other';

export function ClassPicker({
  name,
  label,
  none,
  defaultValue,
}: {
  name: string;
  label: string;
  /** What the empty choice means here: "No class", "All classes". */
  none: string;
  defaultValue?: string;
}) {
  const { classes } = useApp();
  const classLabel = useClassName();
  const known = !defaultValue || classes.some((c) => String(c.class_id) === defaultValue);
  const [other, setOther] = useState(!known);
  const [choice, setChoice] = useState(known ? (defaultValue ?? '') : OTHER);
  return (
    <>
      <label>
        {label}
        <select
          name={other ? undefined : name}
          value={choice}
          onChange={(e) => {
            setChoice(e.currentTarget.value);
            setOther(e.currentTarget.value === OTHER);
          }}
        >
          <option value="">{none}</option>
          {classes.map((c) => (
            <option key={c.class_id} value={String(c.class_id)}>
              {classLabel(c.class_id, c.class_name)}
            </option>
          ))}
          <option value={OTHER}>Another class (by number)…</option>
        </select>
      </label>
      {other && (
        <label>
          Class number
          <input
            name={name}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            required
            defaultValue={known ? '' : defaultValue}
          />
        </label>
      )}
    </>
  );
}
