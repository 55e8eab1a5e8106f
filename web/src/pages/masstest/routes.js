// The mass-testing (核酸检测) pages, under /mass-testing; spread into the app's routes.
export const massTestRoutes = [
  { path: 'mass-testing', name: 'mtRounds', component: () => import('./RoundsPage.vue') },
  { path: 'mass-testing/rounds/new', name: 'mtRoundNew', component: () => import('./RoundNewPage.vue') },
  { path: 'mass-testing/rounds/:id(\\d+)', name: 'mtRound', component: () => import('./RoundPage.vue') },
  { path: 'mass-testing/rounds/:id(\\d+)/coverage', name: 'mtCoverage', component: () => import('./CoveragePage.vue') },
  { path: 'mass-testing/rounds/:id(\\d+)/tubes/:code', name: 'mtTrace', component: () => import('./TracePage.vue') },
  { path: 'mass-testing/sampler', name: 'mtSampler', component: () => import('./SamplerPage.vue') },
  { path: 'mass-testing/lab', name: 'mtLab', component: () => import('./LabUploadPage.vue') },
  { path: 'mass-testing/alerts', name: 'mtAlerts', component: () => import('./AlertsPage.vue') },
  { path: 'mass-testing/tasks', name: 'mtTasks', component: () => import('./DoorTasksPage.vue') },
  // operations (docs/api/mass-testing.md: sample points, field teams, door-to-door, re-tests)
  { path: 'mass-testing/rounds/:id(\\d+)/points', name: 'mtPoints', component: () => import('./SamplePointsPage.vue') },
  { path: 'mass-testing/rounds/:id(\\d+)/dispatch', name: 'mtDispatch', component: () => import('./DispatchPage.vue') },
  { path: 'mass-testing/rounds/:id(\\d+)/retests', name: 'mtRetests', component: () => import('./RetestsPage.vue') },
  { path: 'mass-testing/teams', name: 'mtTeams', component: () => import('./TeamsPage.vue') },
  { path: 'mass-testing/retest', name: 'mtRetestSample', component: () => import('./RetestSamplePage.vue') },
]
