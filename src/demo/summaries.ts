/**
 * Follow-up notes of the demo, written for it in both languages. `{p}` stands for a product, filled
 * in per note so that the same template does not read the same every time.
 */
export type InteractionKind =
  | 'inquiry'
  | 'quote'
  | 'demo'
  | 'post-purchase'
  | 'care'
  | 'upsell'
  | 'complaint'
  | 'competitor'
  | 'win-back'
  | 'no-answer'
  | 'cross-sell'
  | 'account-review';

export const PRODUCTS_ZH = [
  '空气净化器',
  '洗碗机',
  '扫地机器人',
  '净水器',
  '变频空调',
  '滤芯套装',
  '对开门冰箱',
];
export const PRODUCTS_EN = [
  'air purifier',
  'dishwasher',
  'robot vacuum',
  'water purifier',
  'inverter air conditioner',
  'filter set',
  'French-door fridge',
];

export const SUMMARIES_ZH: Record<InteractionKind, readonly string[]> = {
  inquiry: [
    '客户咨询{p}的价格和安装周期，已发送产品手册。',
    '客户想了解{p}，约好周末到门店体验。',
    '新客户询问{p}是否支持以旧换新。',
  ],
  quote: [
    '已按客户户型给出{p}方案和报价，客户表示要和家人商量。',
    '报价已发送，客户关心分期付款和送货时间。',
  ],
  demo: ['客户到店体验{p}，对噪音和能耗比较满意，等待大促再下单。', '上门测量安装位置，{p}尺寸合适。'],
  'post-purchase': [
    '回访{p}使用情况，客户反馈安装师傅很专业。',
    '购后回访：{p}运行正常，提醒客户三个月后更换滤芯。',
    '确认{p}已签收，客户对包装有小意见，已记录。',
  ],
  care: [
    '节日问候并告知会员积分即将到期。',
    '例行关怀，客户近况良好，暂无新需求。',
    '发送生日祝福，附赠配件优惠券。',
  ],
  upsell: ['客户最近购买频繁，推荐升级款{p}，客户很感兴趣。', '客户准备装修新房，想整套采购，约下周面谈。'],
  complaint: ['客户投诉{p}送货延迟三天，已道歉并补偿积分。', '客户反映售后响应慢，已升级给服务主管跟进。'],
  competitor: [
    '客户提到别家{p}在搞活动，价格更低，正在比较。',
    '客户说最近在其他平台买了配件，觉得那边更方便。',
  ],
  'win-back': [
    '长时间未购买，发送专属回归优惠券，客户未回复。',
    '挽回沟通：客户搬家后换了品牌，表示以后有需要再联系。',
  ],
  'no-answer': ['多次联系未获回复，已留言。', '消息未读未回，下周再试。'],
  'cross-sell': [
    '向老客户介绍会员订阅服务，客户愿意先试用一个月。',
    '客户一直买配件，这次推荐{p}整机，客户有购买意向。',
  ],
  'account-review': [
    '季度业务回顾：对方计划扩大采购{p}，需要阶梯报价。',
    '拜访采购部门，确认下季度的备货计划和账期。',
  ],
};

export const SUMMARIES_EN: Record<InteractionKind, readonly string[]> = {
  inquiry: [
    'Asked about the {p}: price and delivery time. Sent the brochure.',
    'Enquiry about the {p}; booked a call for Friday.',
    'New lead asked whether the {p} ships to their country.',
  ],
  quote: [
    'Sent a quote for the {p} with shipping included; they will decide next week.',
    'Quote sent; the customer asked about payment in instalments.',
  ],
  demo: [
    'Product demo of the {p}; they liked the quiet mode and want to wait for the sale.',
    'Showroom visit, the {p} fits their kitchen.',
  ],
  'post-purchase': [
    'Follow-up after delivery: the {p} works well, happy with the installer.',
    'Checked in after the purchase; reminded them to register the {p} warranty.',
    'Delivery confirmed; the box was dented, noted for the courier review.',
  ],
  care: [
    'Seasonal greeting and a reminder that loyalty points expire soon.',
    'Routine check-in, all good, nothing needed right now.',
    'Birthday message sent with an accessories voucher.',
  ],
  upsell: [
    'Frequent buyer lately; suggested the premium {p}, they are interested.',
    'Moving house and wants a full set of appliances; meeting booked.',
  ],
  complaint: [
    'Complained that the {p} arrived three days late; apologised and added points.',
    'Unhappy with slow after-sales replies; escalated to the service lead.',
  ],
  competitor: [
    'Mentioned a cheaper {p} offer from another shop; comparing options.',
    'Said they now buy accessories on another marketplace because shipping is faster.',
  ],
  'win-back': [
    'No orders for a long time: sent a welcome-back voucher, no reply yet.',
    'Win-back attempt: switched brands after moving, may come back later.',
  ],
  'no-answer': [
    'No reply to calls or messages; left a note to call back.',
    'Messages still unread; will try again next week.',
  ],
  'cross-sell': [
    'Introduced the membership plan to this long-time customer; starting with a one-month trial.',
    'Regular accessories buyer; recommended the {p} itself and they want a quote.',
  ],
  'account-review': [
    'Quarterly review: they plan to buy more {p} units and want volume pricing.',
    "Met the purchasing team to confirm next quarter's orders and payment terms.",
  ],
};
