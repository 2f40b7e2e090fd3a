import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api, ApiError } from '../lib/api';
import type { Auth } from '../lib/auth';
import * as f from '../lib/format';
import type { Preferences, StudentClass } from '../lib/types';

export interface AppContextValue {
  api: Api;
  auth: Auth;
  /** Signs in again (after a 401) and has every page read its data anew. */
  signIn(): Promise<void>;
  /** The student's preferences; defaults until they have loaded. */
  preferences: Preferences;
  preferencesLoaded: boolean;
  /**
   * Bumped when the student saves new preferences: the API counts days in the stored time zone,
   * so what was read before must be read again. Loading them does not bump it.
   */
  preferencesVersion: number;
  /** Why the preferences could not be read, if they could not. */
  preferencesError: ApiError | null;
  reloadPreferences(): void;
  /** `reread: false` for a change no figure depends on (the weekly target). */
  setPreferences(preferences: Preferences, reread?: boolean): void;
  /** The classes the student has studied, most recent first (empty until loaded). */
  classes: readonly StudentClass[];
  /** Class names by id, for every place a class is shown. */
  classNames: ReadonlyMap<number, string>;
  /** Reads the classes again (after a session starts in a class not seen before). */
  reloadClasses(): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside the app');
  return value;
}

/** The time zone the student's days are counted in. */
export const useTimeZone = () => useApp().preferences.timezone;

/** A class's name as the student knows it, wherever it is shown. */
export function useClassName(): (id: number | null, name?: string | null) => string {
  const { classNames } = useApp();
  return (id, name) => f.className(id, name, classNames);
}
