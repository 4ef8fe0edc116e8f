import type { Services } from '@warmline/server';
import { seedKnowledgeBase, type KbSeedCategory } from '@warmline/server/seeding';

/** Demo knowledge base: what agents look up while a heating customer is on the line. */
export const DEMO_KNOWLEDGE_BASE: readonly KbSeedCategory[] = [
  {
    code: 'repair_heating',
    name: '供热报修',
    ticketType: 'repair',
    children: [
      {
        code: 'repair_not_warm',
        name: '暖气不热',
        articles: [
          {
            title: '室温不达标的电话排查步骤',
            content:
              '1. 询问整栋楼还是单户不热；整栋楼不热先查换热站运行记录。\n2. 请用户确认入户阀门全开、过滤器未堵。\n3. 指导用户对暖气片排气（逆时针拧开放气阀，出水即关）。\n4. 仍不热则派单上门测温，室温低于 18℃ 按紧急处理。',
            keywords: ['暖气不热', '室温低', '排气', '测温'],
          },
        ],
      },
      {
        code: 'repair_leak',
        name: '漏水',
        articles: [
          {
            title: '户内管道或暖气片漏水应急处置',
            content: '请用户立即关闭入户供回水阀门，用容器接水并移开电器；记录漏点位置（管件、阀门、暖气片），按紧急工单派往所属维修站。',
            keywords: ['漏水', '跑水', '阀门', '应急'],
          },
        ],
      },
    ],
  },
  {
    code: 'suspend_apply',
    name: '报停申请',
    ticketType: 'suspend_resume',
    articles: [
      {
        title: '报停办理条件与所需材料',
        content: '报停须在供暖期开始前 30 日提出，提供房产证或购房合同、户主身份证；报停期间按规定收取基本热费，次年恢复供热须提前申请。',
        keywords: ['报停', '停暖', '恢复供热', '基本热费'],
      },
    ],
  },
  {
    code: 'payment_consult',
    name: '缴费咨询',
    ticketType: 'consultation',
    articles: [
      {
        title: '热费缴纳渠道与发票',
        content: '可通过营业厅、银行代收、微信公众号缴费；电子发票在缴费成功后 3 个工作日内推送，纸质发票到营业厅领取。',
        keywords: ['缴费', '热费', '发票', '微信缴费'],
      },
    ],
  },
  {
    code: 'complaint_service',
    name: '服务投诉',
    ticketType: 'complaint',
    articles: [
      {
        title: '投诉受理要点',
        content: '记录投诉对象、时间、经过与诉求，安抚情绪，不作超出权限的承诺；涉及多次未解决的问题注明历史工单号。',
        keywords: ['投诉', '服务态度', '多次报修'],
      },
    ],
  },
];

export const seedDemoKnowledgeBase = (services: Services) => seedKnowledgeBase(services, DEMO_KNOWLEDGE_BASE);
