/** What other modules (houses, tickets …) use of the building tree. */
export { buildingNodeModel, type BuildingNodeRow } from './building-node.model.js';
export {
  addBuildingDeleteGuard,
  addBuildingRelatedCounter,
  onBuildingRenamedOrMoved,
  type BuildingDeleteGuard,
  type BuildingRelatedCounter,
} from './building.hooks.js';
export {
  BUILDING_ENTITY,
  findUnit,
  getNodeRow,
  nodeAncestry,
  nodePathNames,
  pathIds,
  toBuildingNode,
  type BuildingPathEntry,
  type UnitWithPath,
} from './building.query.js';
