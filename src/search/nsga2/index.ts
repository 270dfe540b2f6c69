export { crowdingDistance } from './crowding.js';
export { type Candidate, constrainedDominates, dominates, nonDominatedSort, paretoRanks } from './dominance.js';
export { Nsga2, nsga2Survival, type Nsga2Member, type Nsga2Options } from './nsga2.js';
export { crowdedTournament, type RankedCrowded } from './tournament.js';
