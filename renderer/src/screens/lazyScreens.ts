/**
 * The screens after Devices, loaded when first opened (issue 7, item 8: the initial JS stays under
 * 100 KB gzipped; `npm run bench` prints the sizes). Devices is the first screen and stays in the
 * main bundle. Each chunk is a few KB and comes from the app's own origin (CSP script-src 'self').
 */
import { lazy } from 'react';

export const DeviceDetailsScreen = lazy(async () => ({ default: (await import('./DeviceDetailsScreen')).DeviceDetailsScreen }));
export const AccessSettingsScreen = lazy(async () => ({ default: (await import('./AccessSettingsScreen')).AccessSettingsScreen }));
export const TestFireScreen = lazy(async () => ({ default: (await import('./TestFireScreen')).TestFireScreen }));
export const SetupScreen = lazy(async () => ({ default: (await import('./SetupScreen')).SetupScreen }));
export const PrefsScreen = lazy(async () => ({ default: (await import('./PrefsScreen')).PrefsScreen }));
export const SiteOverviewScreen = lazy(async () => ({ default: (await import('./SiteOverviewScreen')).SiteOverviewScreen }));
export const CommissionFlowScreen = lazy(async () => ({ default: (await import('./CommissionFlowScreen')).CommissionFlowScreen }));
