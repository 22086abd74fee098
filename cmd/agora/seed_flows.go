package main

import (
	"time"

	"agora/internal/account"
	"agora/internal/lifecycle"
	"agora/internal/supervision"
)

// standard: manual services and data files, one order at each node of the
// standard flow; one went through a returned requirement, one through a
// rejected delivery.
func (d *demoOrders) standard() error {
	brief := pdfFile("需求说明书.pdf", "需求说明书 Requirements",
		"客户：杭州明远智能制造有限公司", "1. 现有 IDC 约 60 台虚拟机，计划一年内迁移上云。",
		"2. 核心系统：ERP、MES、仓储 WMS，要求同城双活。", "3. 交付：架构设计说明书、迁移路线图、评审会一次。")
	for _, f := range []*flow{
		// 待提交需求: paid, the buyer has not written the requirements yet.
		d.supervised("seller", "全国企业工商数据", "省级数据包", "1"),
		// 待商家确认需求
		d.supervised("seller", "云上架构咨询服务", "标准咨询 5人天", "1").
			requirements("现有 IDC 约 60 台虚拟机，计划一年内分三批迁移上云；核心系统为 ERP、MES 与仓储 WMS，要求同城双活、RPO 小于 5 分钟。"+
				"请先做现状调研与访谈，交付架构设计说明书、迁移路线图，并组织一次评审会。", brief,
				pngFile("现网拓扑截图.png", 0)),
		// 服务商实施服务, after the seller returned the first requirements.
		d.supervised("seller", "协同办公实施配套服务", "标准实施", "1").
			requirements("请为我司实施协同办公，尽快上线。").
			returnRequirements("请补充组织架构规模、需要对接的系统（如 AD 域、企业邮箱）以及期望的上线日期，以便排期。").
			requirements("员工约 320 人、三级组织架构；需对接 Windows AD 域单点登录与腾讯企业邮；审批流程 12 条（附清单）。期望 12 月 15 日前上线，并安排两场管理员培训。",
				pdfFile("审批流程清单.pdf", "审批流程清单", "1. 请假  2. 报销  3. 采购申请  4. 用印  5. 合同会签", "6. 出差  7. 加班  8. 招聘需求  9. 转正  10. 离职  11. 资产领用  12. 访客")).
			confirm("需求已确认，实施顾问李工将于本周内联系贵司管理员，按清单配置审批流程。"),
		// 待用户验收, after the buyer rejected the first delivery.
		d.supervised("seller", "全国企业工商数据", "省级数据包", "1").
			requirements("需要浙江省全量市场主体工商数据（含存续、注销），字段需包含统一社会信用代码、注册资本、经营范围、股东信息与近三年变更记录，CSV 格式。",
				pdfFile("字段需求清单.pdf", "字段需求清单", "统一社会信用代码 / 企业名称 / 注册资本 / 成立日期", "经营范围 / 股东及出资 / 变更记录（近三年） / 登记状态")).
			confirm("需求确认：浙江省全量数据，CSV 与 Parquet 各一份，3 个工作日内提供下载地址。").
			deliver(supervision.DeliverInput{Note: "已上传数据下载说明，下载地址 7 天内有效。"},
				pdfFile("数据交付说明.pdf", "数据交付说明 v1", "文件：zj_company_2026Q4.csv（约 1,260 万行）", "校验：SHA-256 见下载页")).
			reject("交付数据缺少股东信息与变更记录两个字段，与需求清单不符，请补齐后重新交付。", pngFile("缺失字段截图.png", 2)).
			deliver(supervision.DeliverInput{Note: "已补齐股东信息与近三年变更记录，重新生成数据包并附字段说明。"},
				pdfFile("数据交付说明（第二版）.pdf", "数据交付说明 v2", "新增：股东及出资、变更记录（近三年）", "文件：zj_company_2026Q4_v2.csv / .parquet"),
				pdfFile("数据字典.pdf", "数据字典", "共 42 个字段，含类型、口径与示例值")),
		// 已完成, the service period starting on the day the seller began.
		d.supervised("datawise", "零售门店客流数据", "单城市 月度", "3").
			requirements("需要杭州市主要商圈（湖滨、武林、西溪、滨江星光）的门店小时级客流数据，用于新店选址评估。").
			confirm("已确认，数据按日更新，首批历史数据回溯 12 个月。").
			deliver(supervision.DeliverInput{Note: "数据接口与历史数据已开通，详见交付文档。", ActualStart: d.day(0)},
				pdfFile("接口开通与数据说明.pdf", "接口开通与数据说明", "接口：https://data.example.com/footfall/v1", "历史数据：2025-11 至 2026-10，按小时")).
			accept(),
	} {
		if f.err != nil {
			return f.err
		}
	}
	return nil
}

// license: the seller delivers the licence, the buyer accepts.
func (d *demoOrders) license() error {
	key := func(name string) demoFile {
		return pdfFile(name, "软件授权与激活说明", "授权码：YQ-7K2M-93PX-QD4R-1H8C", "授权数量：按订单规格", "激活：控制台 → 系统设置 → 许可管理 → 导入授权码")
	}
	for _, f := range []*flow{
		// 待开通交付
		d.supervised("seller", "智慧工地管理平台 独立部署", "单项目 年度", "1"),
		// 待用户验收
		d.supervised("seller", "云栖分布式文件存储 独立部署", "标准版 100TB", "1").
			deliver(supervision.DeliverInput{Note: "授权码与安装介质下载地址已提供，部署文档见附件。", LicenceUntil: d.day(365)},
				key("授权码与激活说明.pdf"), pdfFile("部署手册.pdf", "分布式文件存储 部署手册", "最低配置：3 节点，每节点 16 核 64 GB", "网络：万兆内网，管理网与存储网分离")),
		// 已完成
		d.supervised("secure", "数据库审计系统 独立部署", "4实例授权", "1").
			deliver(supervision.DeliverInput{Note: "授权已开通，4 个数据库实例已接入审计。", LicenceUntil: d.day(365)},
				key("授权文件.pdf"), pngFile("审计控制台截图.png", 1)).
			accept(),
	} {
		if f.err != nil {
			return f.err
		}
	}
	return nil
}

// hardware: waiting to ship; shipped and signed for by the buyer (automatic
// acceptance counting down); signed for by someone else (no automatic
// acceptance); accepted.
func (d *demoOrders) hardware() error {
	ship := func(waybill, phone string) supervision.DeliverInput {
		return supervision.DeliverInput{Note: "设备已出库，随箱附保修卡与快速安装指南。", Courier: "顺丰速运", Waybill: waybill, WaybillPhone: phone}
	}
	packing := func(name string) demoFile {
		return pdfFile(name, "发货单与装箱清单", "收货单位：杭州明远智能制造有限公司", "设备 × 1、电源适配器 × 1、安装支架 × 1、保修卡 × 1")
	}
	for _, f := range []*flow{
		// 待发货
		d.supervised("datawise", "工业边缘计算网关 EG-300", "标准款", "2"),
		// 待用户验收: the courier shows the buyer signed; acceptance is automatic in 10 days.
		d.supervised("seller", "智能会议平板 86 英寸", "86英寸 标准版", "1").
			deliver(ship("SF1462587391024", demoPhone), packing("发货单.pdf"), pngFile("出库照片.png", 3)).
			signed(demoPhone, 26*time.Hour),
		// 待用户验收: signed for at the front desk, whose phone is not the buyer's.
		d.supervised("secure", "安盾下一代防火墙 NGFW-2000", "标准版", "1").
			deliver(ship("SF1462587391187", "13957112345"), packing("发货单与序列号.pdf")).
			signed("13957112345", 5*time.Hour),
		// 已完成
		d.supervised("datawise", "工业边缘计算网关 EG-300", "4G 版", "1").
			deliver(ship("SF1462587390551", demoPhone), packing("装箱清单.pdf")).
			accept(),
	} {
		if f.err != nil {
			return f.err
		}
	}
	return nil
}

// appeals: one waiting for arbitration after operations asked the seller for
// material and got it; one decided by unsubscribing with a partial refund;
// one decided by forcing acceptance for a seller whose buyer never accepted.
func (d *demoOrders) appeals() error {
	report := pdfFile("测评辅导报告（初稿）.pdf", "等保二级测评辅导报告（初稿）", "差距分析：技术类 23 项、管理类 17 项", "整改建议：见第 4 章")
	for _, f := range []*flow{
		d.supervised("secure", "等保测评辅导服务", "二级系统", "1").
			requirements("我司 OA 与官网两个系统需通过等保二级测评，请完成差距分析、整改方案与制度文件，并陪同测评。").
			confirm("需求确认，安排两名测评辅导顾问，预计 20 个工作日完成。").
			deliver(supervision.DeliverInput{Note: "差距分析与整改方案已完成，制度文件共 18 份。"}, report).
			appealBy(lifecycle.Buyer, supervision.AppealInput{Ground: supervision.GroundOther,
				Reason:  "交付的只有差距分析初稿，合同约定的制度文件与整改复测报告均未提供，商家拒绝继续服务。",
				Demands: "要求商家补齐制度文件与复测报告，或退还一半服务费。"}, pngFile("沟通记录截图.png", 2)).
			ask(lifecycle.Seller, "请提供已交付的 18 份制度文件清单及买家签收记录。").
			answer(lifecycle.Seller, "制度文件已于 11 月 10 日通过邮件交付，附清单与邮件回执；复测安排在买家整改完成后进行。",
				pdfFile("制度文件清单与邮件回执.pdf", "制度文件清单与邮件回执", "1. 网络安全管理制度 … 18. 应急预案", "邮件回执：2026-11-10 16:42 已送达")),
		d.supervised("datawise", "数据中台建设咨询", "规划咨询 10人天", "1").
			requirements("为集团规划数据中台：盘点 ERP、CRM、MES 数据现状，设计指标体系与分层模型，交付建设蓝图与一期实施方案。").
			confirm("需求确认，首周进场调研。").
			appealBy(lifecycle.Buyer, supervision.AppealInput{Ground: supervision.GroundOther,
				Reason:  "商家确认需求后仅进场两天，此后顾问未再到场，多次催促无回应，已超过约定周期。",
				Demands: "终止服务，按实际工作量退款。"}, pngFile("催促记录截图.png", 0)).
			decide(supervision.OutcomeUnsubscribe, "经核实，商家完成现状调研 2 人天，此后未按约履约。裁定退订，按未履约部分退还买家 30,000.00 元。", "30,000"),
		d.supervised("datawise", "全国气象历史数据", "单省十年", "1").
			requirements("需要浙江省 2016–2025 年逐小时气象观测数据（气温、降水、风速、湿度），Parquet 格式。").
			confirm("需求确认。").
			deliver(supervision.DeliverInput{Note: "数据已交付，下载地址与校验值见附件。"},
				pdfFile("气象数据交付单.pdf", "气象数据交付单", "站点：浙江省 72 个国家级站", "时段：2016-01-01 至 2025-12-31，逐小时")).
			appealBy(lifecycle.Seller, supervision.AppealInput{Ground: supervision.GroundNoAcceptance,
				Reason:  "数据已于交付当日下载完成（见下载日志），买家逾期未验收也未提出异议，请平台裁定验收。",
				Demands: "确认验收并完成订单。"}, pdfFile("下载日志.pdf", "下载日志", "2026-11-12 10:21 zj_weather_2016_2025.parquet 已完成下载")).
			decide(supervision.OutcomeForceAccept, "下载日志显示买家已完整获取数据，买家未在验收期内提出异议，裁定验收通过。", ""),
	} {
		if f.err != nil {
			return f.err
		}
	}
	return nil
}

// appealBy files an appeal as the buyer or the seller; the flow freezes.
func (f *flow) appealBy(by lifecycle.Actor, in supervision.AppealInput, files ...demoFile) *flow {
	return f.do("appeal", func() error {
		who := f.party(by)
		ids, err := f.upload(who, files)
		if err != nil {
			return err
		}
		in.Files = ids
		a, err := f.d.svc.supervision.FileAppeal(f.d.ctx, who, f.o.ID, in)
		f.appeal = a.ID
		return err
	})
}

// ask: operations ask a party for more material.
func (f *flow) ask(party lifecycle.Actor, note string) *flow {
	return f.do("ask for material", func() error {
		return f.d.svc.supervision.AskForMaterial(f.d.ctx, f.d.ops, f.appeal, supervision.AskInput{Party: string(party), Note: note})
	})
}

// answer: the party asked supplies the material.
func (f *flow) answer(party lifecycle.Actor, note string, files ...demoFile) *flow {
	return f.do("answer", func() error {
		who := f.party(party)
		ids, err := f.upload(who, files)
		if err == nil {
			err = f.d.svc.supervision.AnswerAppeal(f.d.ctx, who, f.appeal, supervision.MaterialInput{Note: note, Files: ids})
		}
		return err
	})
}

// decide: operations arbitrate; refund (yuan) only for unsubscribing.
func (f *flow) decide(outcome, reasoning, refund string) *flow {
	return f.do("decide "+outcome, func() error {
		return f.d.svc.supervision.Decide(f.d.ctx, f.d.ops, f.appeal, supervision.DecisionInput{Outcome: outcome, Reasoning: reasoning, Refund: refund})
	})
}

func (f *flow) party(a lifecycle.Actor) account.Account {
	if a == lifecycle.Seller {
		return f.seller
	}
	return f.d.buyer
}
