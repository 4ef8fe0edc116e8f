import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import LintModule from 'bpmn-js-bpmnlint';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import TranslateZhModule from '../i18n/translate-zh';
import LocksModule from '../locks';
import { LINT_CONFIG } from '../lint/lint-config';
import ReadOnlyModule from './read-only';

/**
 * The bpmn-js modeler for Camunda 8 (Zeebe dialect): Zeebe properties panel and behaviours, the
 * server's lint rules, Chinese texts, and the template locks.
 */
export function createModeler(canvas: HTMLElement, propertiesPanel: HTMLElement): BpmnModeler {
  return new BpmnModeler({
    container: canvas,
    propertiesPanel: { parent: propertiesPanel },
    linting: { bpmnlint: LINT_CONFIG, active: true },
    additionalModules: [
      TranslateZhModule,
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      ZeebeBehaviorsModule,
      LintModule,
      LocksModule,
      ReadOnlyModule,
    ],
    moddleExtensions: { zeebe: zeebeModdle },
  });
}
