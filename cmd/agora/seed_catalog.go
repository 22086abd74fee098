package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
)

// demoProduct is one product of the demo catalog.
type demoProduct struct {
	seller, typ, category string
	name, nameEn, summary string
	features              string // what it does, specific to the product
	specs                 []catalog.SpecDraft
	hidden                bool
}

func sp(name, mode, price, trial string) catalog.SpecDraft {
	return catalog.SpecDraft{Name: name, BillingMode: mode, Price: price, TrialDays: trial}
}

// typeText is the part of a description that explains delivery, per access type.
var typeText = map[string]string{
	catalog.TypeSaaS:     "本服务以 SaaS 方式在线交付：下单后系统通过生产接口自动为您开通租户并发送登录地址，无需部署和运维。数据存储在境内可用区，按租户隔离，传输全程加密，每日自动备份并保留三十天。支持按月或按年订阅，随时升级规格，续费不中断服务。我们提供上线培训、数据迁移指导与七乘二十四小时工单支持，重大故障十五分钟内响应。",
	catalog.TypeLicense:  "本商品以软件许可（License）方式交付：下单后商家在服务监管中提交授权码或许可文件，您在自有环境或云服务器上部署后激活使用。许可绑定购买账号，可在有效期内迁移一次部署环境。交付完成后请按交付模板核对版本、功能模块与授权数量，确认无误后在线验收。验收前商家全程记录操作，可作为争议证据。",
	catalog.TypeImage:    "本商品以云服务器镜像交付：购买后即可用该镜像创建云服务器，系统盘已预装并优化软件与运行环境，开箱即用。镜像已通过平台安全扫描，不含预置账号与弱口令，首次登录时强制设置密码。建议规格两核四 GB 起，支持主流地域。镜像更新后会发布新版本，已创建的服务器不受影响，可按指南平滑升级。",
	catalog.TypePackage:  "本商品以软件部署包交付：购买后在资源详情中下载经平台安全扫描的安装包，按使用指南在自有环境或云服务器上一键部署。安装包带有许可控制，支持离线安装，提供 Terraform 自动部署模板与健康检查脚本。版本升级通过新的部署包发布，已部署环境可按指南增量升级，升级过程不影响业务数据。",
	catalog.TypeManual:   "本商品为人工服务：下单后请在服务监管中提交需求说明，商家确认需求后安排具有认证资质的工程师实施，并在约定周期内完成交付。交付时商家上传实施报告与验收文档，您按交付模板逐项核对后在线验收；如有异议可驳回并说明原因，商家整改后重新提交。服务全过程记录在案，作为结算与争议处理依据。",
	catalog.TypeHardware: "本商品为硬件设备：下单后商家在约定时效内发货并在服务监管中填写物流单号，设备签收后请按交付模板完成开箱检查与上电测试并在线验收；物流可追踪的订单在签收十日后自动验收。设备享受原厂保修，保修期内非人为损坏免费维修或更换，提供远程调试与现场安装（部分城市）服务。",
	catalog.TypeData:     "本商品为数据资产：数据经过清洗、脱敏与质量校验，来源合法合规，附数据字典与样例说明。购买后可在资源详情中获取下载地址或数据接口凭证，按约定频率持续更新。数据仅限购买主体在授权范围内使用，不得转售或向第三方提供。我们提供字段解读与接入答疑，帮助您快速将数据用于分析与建模。",
}

// serviceText closes every demo description: the seller's commitments.
const serviceText = "\n\n服务承诺：我们按商品页面公布的服务时间提供支持，电话与邮件二十四小时内响应；" +
	"重大问题安排专人跟进直至解决。商品功能与本页描述不符的，可通过服务监管或平台申诉维护权益。" +
	"我们持续迭代产品，每季度发布功能更新，更新说明会通过站内信通知已购买的客户，并提供免费的在线培训与最佳实践分享。" +
	"\n\n上线流程：一、选择适合团队规模的规格并下单；二、按使用指南完成初始化；三、导入数据并邀请同事；四、如需定制与集成，可联系我们评估方案与报价。"

// demoCatalog is the demo storefront: every access type, several categories and sellers.
var demoCatalog = []demoProduct{
	{"seller", "saas", "enterprise", "云栖协同办公 SaaS版", "Yunqi Workspace SaaS Edition", "即时通讯、审批、日程与文档一体化的企业协同平台。", "集成即时消息、音视频会议、审批流、共享日程和在线文档，支持组织架构同步与单点登录，移动端与桌面端数据实时同步。", []catalog.SpecDraft{sp("基础版 50人", "monthly", "990", "14"), sp("专业版 200人", "monthly", "3,600", "14"), sp("企业版 不限人数", "yearly", "128,000", "")}, false},
	{"seller", "saas", "enterprise", "智能客服 SaaS版", "SmartDesk Customer Service SaaS Edition", "全渠道在线客服与工单系统，内置智能问答机器人。", "统一接入网页、小程序、公众号和电话渠道，机器人自动回答常见问题并转人工，工单按规则分派与升级，提供满意度与服务质量报表。", []catalog.SpecDraft{sp("10坐席", "monthly", "1,500", "7"), sp("50坐席", "monthly", "6,800", "7")}, false},
	{"seller", "saas", "enterprise", "云栖CRM SaaS版", "Yunqi CRM SaaS Edition", "面向成长型销售团队的客户关系管理系统。", "覆盖线索、商机、合同与回款全流程，销售漏斗与业绩预测一目了然，支持自定义字段、审批与开放接口，和协同办公无缝打通。", []catalog.SpecDraft{sp("团队版", "monthly", "199", "14"), sp("企业版", "yearly", "19,999", "")}, false},
	{"seller", "saas", "enterprise", "电子签章 SaaS版", "eSign Contract SaaS Edition", "具备法律效力的在线合同签署与存证服务。", "支持个人与企业实名认证、批量签署、骑缝章与合同模板，签署过程全程存证并可出具证据报告，可与业务系统通过接口集成。", []catalog.SpecDraft{sp("100份合同", "one_time", "800", ""), sp("按份签署", "per_use", "6", "")}, false},
	{"seller", "saas", "devops", "持续交付流水线 SaaS版", "FlowCI Pipelines SaaS Edition", "托管式持续集成与部署流水线，支持多语言构建。", "代码提交自动触发构建、测试与部署，内置缓存与并行任务，支持容器与虚拟机部署目标，流水线即代码并提供审计日志。", []catalog.SpecDraft{sp("5并发", "monthly", "699", "30"), sp("20并发", "monthly", "2,499", "30")}, false},
	{"seller", "saas", "devops", "应用性能监控 SaaS版", "Tracely APM SaaS Edition", "分布式链路追踪与应用性能监控。", "自动采集调用链、慢查询与异常堆栈，按服务拓扑定位瓶颈，告警可推送到即时通讯与短信，支持主流语言探针。", []catalog.SpecDraft{sp("10主机", "monthly", "1,200", "14"), sp("50主机", "yearly", "48,000", "")}, false},
	{"seller", "license", "infrastructure", "云栖分布式文件存储 独立部署", "Yunqi Distributed File Storage (Standalone)", "兼容 S3 协议的私有化分布式对象存储软件。", "多副本与纠删码可选，支持跨机房部署、生命周期管理与细粒度权限控制，单集群可扩展至数十 PB，提供图形化运维控制台。", []catalog.SpecDraft{sp("标准版 100TB", "yearly", "60,000", ""), sp("永久授权 100TB", "one_time", "180,000", "")}, false},
	{"seller", "license", "enterprise", "财务共享平台 独立部署", "Finance Shared Service Platform (Standalone)", "集团企业费用报销、应付与资金管理平台。", "支持多组织多币种、智能审单与发票查验，预算实时管控，和主流 ERP 双向集成，满足集团化财务共享中心建设需要。", []catalog.SpecDraft{sp("100用户 年度授权", "yearly", "98,000", "")}, false},
	{"seller", "manual", "services", "云上架构咨询服务", "Cloud Architecture Consulting", "资深架构师为您评估现状并设计云上目标架构。", "包括现状调研、业务与技术访谈、高可用与容灾设计、成本优化建议，交付架构设计说明书与实施路线图，并进行一次评审会。", []catalog.SpecDraft{sp("标准咨询 5人天", "one_time", "25,000", ""), sp("深度咨询 15人天", "one_time", "68,000", "")}, false},
	{"seller", "manual", "services", "协同办公实施配套服务", "Workspace Implementation Service", "协同办公上线实施：组织导入、流程配置与培训。", "包含组织架构与账号导入、审批流程配置、与现有系统单点登录对接、管理员与员工培训，并提供上线后两周驻场保障。", []catalog.SpecDraft{sp("标准实施", "one_time", "12,000", "")}, true},
	{"seller", "data", "data", "全国企业工商数据", "China Company Registry Data", "覆盖全国主要市场主体的工商登记与变更数据。", "字段包括统一社会信用代码、注册资本、经营范围、股东与高管、变更记录等，每日增量更新，支持按地区与行业筛选订阅。", []catalog.SpecDraft{sp("省级数据包", "one_time", "5,000", ""), sp("全国数据 年度订阅", "yearly", "120,000", "")}, false},
	{"secure", "saas", "security", "Web应用防火墙 SaaS版", "ShieldWAF Web Application Firewall SaaS Edition", "防护 SQL 注入、XSS 与 CC 攻击的云 WAF。", "只需修改域名解析即可接入，内置 OWASP 规则与机器学习引擎，支持自定义规则、IP 黑白名单和 Bot 管理，攻击日志实时可查。", []catalog.SpecDraft{sp("入门版 1域名", "monthly", "680", "7"), sp("企业版 10域名", "monthly", "4,800", "7")}, false},
	{"secure", "saas", "security", "漏洞扫描 SaaS版", "VulnScan SaaS Edition", "网站与主机漏洞的自动化扫描与修复建议。", "定期扫描 Web 应用与主机端口，识别通用漏洞与弱口令，报告给出风险等级与修复指引，支持复测与合规报表导出。", []catalog.SpecDraft{sp("按次扫描", "per_use", "300", ""), sp("包月 20目标", "monthly", "2,000", "")}, false},
	{"secure", "image", "security", "安盾堡垒机", "AnDun Bastion Host", "统一运维入口，账号、授权、审计一体化。", "集中管理服务器与数据库账号，运维会话全程录像与命令审计，支持双因素认证与审批授权，满足等级保护要求。", []catalog.SpecDraft{sp("50资产", "monthly", "1,800", "14"), sp("200资产", "yearly", "58,000", "")}, false},
	{"secure", "image", "infrastructure", "高性能 Nginx 网关", "Nginx Gateway Optimized", "预调优的 Nginx 网关镜像，含 HTTPS 与限流配置。", "内置 HTTP/2、TLS 1.3、动态证书与限流模块，提供可视化配置面板与访问日志分析，适合作为业务统一入口。", []catalog.SpecDraft{sp("标准版", "monthly", "99", "")}, false},
	{"secure", "package", "security", "终端安全管理系统", "Endpoint Security Suite", "防病毒、补丁与外设管控的终端安全软件。", "集中管理办公终端的病毒查杀、补丁分发、软件与外设管控，支持 Windows、Linux 与国产操作系统，提供安全态势报表。", []catalog.SpecDraft{sp("100终端 年度", "yearly", "15,000", "")}, false},
	{"secure", "license", "security", "数据库审计系统 独立部署", "Database Audit (Standalone)", "旁路部署的数据库访问审计与风险告警。", "解析主流数据库协议，记录每条 SQL 的执行者、来源与结果，识别拖库、注入与高危操作并实时告警，审计日志防篡改存储。", []catalog.SpecDraft{sp("4实例授权", "yearly", "36,000", "")}, false},
	{"secure", "manual", "services", "等保测评辅导服务", "Security Compliance (MLPS) Readiness Service", "协助企业完成网络安全等级保护测评准备。", "包括差距分析、整改方案、制度文件编写、技术加固与测评陪同，交付差距分析报告与整改清单，直到顺利通过测评。", []catalog.SpecDraft{sp("二级系统", "one_time", "38,000", ""), sp("三级系统", "one_time", "88,000", "")}, false},
	{"secure", "hardware", "iot", "安盾下一代防火墙 NGFW-2000", "AnDun NGFW-2000 Next-Generation Firewall", "千兆企业级下一代防火墙硬件设备。", "八个千兆电口与两个万兆光口，集成入侵防御、防病毒与应用识别，支持 SSL VPN 与双机热备，整机吞吐二十 Gbps。", []catalog.SpecDraft{sp("标准版", "one_time", "26,800", ""), sp("含三年特征库", "one_time", "39,800", "")}, false},
	{"datawise", "saas", "data", "数海 BI 可视化分析 SaaS版", "DataSea BI SaaS Edition", "拖拽式自助数据分析与可视化大屏。", "连接主流数据库与表格文件，拖拽生成报表与仪表盘，支持权限行级控制、定时推送和移动端查看，内置五十多种图表。", []catalog.SpecDraft{sp("个人版", "monthly", "99", "14"), sp("团队版 20人", "monthly", "1,999", "14"), sp("企业版", "yearly", "59,800", "")}, false},
	{"datawise", "saas", "ai", "智能文档识别 OCR SaaS版", "DocSense OCR SaaS Edition", "发票、证照与合同的智能识别与结构化抽取。", "识别增值税发票、身份证、营业执照与各类合同，准确率高于百分之九十八，支持批量上传与接口调用，结果可导出表格。", []catalog.SpecDraft{sp("按次调用", "per_use", "0.05", ""), sp("10万次包", "one_time", "3,000", "")}, false},
	{"datawise", "saas", "ai", "大模型知识库问答 SaaS版", "LLM Knowledge Assistant SaaS Edition", "基于企业文档的大模型智能问答助手。", "上传制度、手册与产品文档即可构建专属知识库，问答附出处引用，支持权限隔离、敏感词过滤与对话审计，可嵌入网站与办公软件。", []catalog.SpecDraft{sp("标准版", "monthly", "2,999", "7"), sp("旗舰版", "yearly", "98,000", "")}, false},
	{"datawise", "image", "database", "云数据库 MySQL 企业版镜像", "MySQL Enterprise Ready Image", "预装 MySQL 8 与备份监控工具的数据库镜像。", "包含调优参数、自动备份脚本、慢查询分析与监控探针，支持主从复制一键配置，适合中小规模业务快速上线数据库。", []catalog.SpecDraft{sp("标准版", "monthly", "199", ""), sp("高可用版", "monthly", "599", "")}, false},
	{"datawise", "image", "database", "PostgreSQL 空间数据库镜像", "PostgreSQL with PostGIS Image", "预装 PostgreSQL 与 PostGIS 的地理信息数据库。", "集成 PostGIS、pgRouting 与常用扩展，预置连接池与备份策略，适合地图服务、轨迹分析与位置应用。", []catalog.SpecDraft{sp("标准版", "monthly", "259", "")}, false},
	{"datawise", "package", "data", "数据治理平台", "DataGovern Platform", "元数据、数据质量与数据标准一体化治理平台。", "自动采集元数据并生成血缘关系，配置质量规则定时稽核，统一数据标准与主数据，支持数据资产目录与权限申请流程。", []catalog.SpecDraft{sp("标准版 年度", "yearly", "150,000", "")}, false},
	{"datawise", "package", "database", "时序数据库 TSDB", "TimeSeries DB", "面向物联网与监控场景的高性能时序数据库。", "单机每秒百万点写入，高压缩比存储，支持 SQL 查询、降采样与连续查询，提供集群部署与可视化管理工具。", []catalog.SpecDraft{sp("单机版", "one_time", "20,000", ""), sp("集群版 年度", "yearly", "80,000", "")}, false},
	{"datawise", "data", "data", "全国气象历史数据", "China Historical Weather Data", "两千多个站点近三十年的逐小时气象观测数据。", "包括气温、降水、风向风速、湿度与气压等要素，经过质量控制与缺测插补，提供 CSV 与 Parquet 格式，按月更新。", []catalog.SpecDraft{sp("单省十年", "one_time", "3,500", ""), sp("全国 年度订阅", "yearly", "45,000", "")}, false},
	{"datawise", "data", "industry", "零售门店客流数据", "Retail Footfall Data", "重点城市商圈与门店的客流统计数据。", "按小时统计进店人数、停留时长与回头客比例，覆盖三十个城市主要商圈，数据已脱敏聚合，可用于选址与营销评估。", []catalog.SpecDraft{sp("单城市 月度", "monthly", "2,800", "")}, false},
	{"datawise", "manual", "services", "数据中台建设咨询", "Data Platform Consulting", "数据中台规划、建模与落地的专家服务。", "包括数据现状盘点、指标体系设计、分层建模规范与技术选型，交付建设蓝图与一期实施方案，可延伸至实施陪跑。", []catalog.SpecDraft{sp("规划咨询 10人天", "one_time", "50,000", "")}, false},
	{"datawise", "hardware", "iot", "工业边缘计算网关 EG-300", "Industrial Edge Gateway EG-300", "支持多种工业协议的边缘计算网关。", "支持 Modbus、OPC UA 与 MQTT，内置四核处理器与本地存储，宽温设计可在零下二十度至七十度运行，可远程管理与升级。", []catalog.SpecDraft{sp("标准款", "one_time", "3,980", ""), sp("4G 版", "one_time", "4,580", "")}, false},
	{"seller", "hardware", "iot", "智能会议平板 86 英寸", "Smart Meeting Board 86\"", "集白板、投屏与视频会议于一体的会议平板。", "4K 触控屏，内置摄像头与八阵列麦克风，无线投屏与电子白板书写流畅，预装协同办公会议客户端，即插即用。", []catalog.SpecDraft{sp("86英寸 标准版", "one_time", "29,999", "")}, false},
	{"seller", "license", "industry", "智慧工地管理平台 独立部署", "Smart Construction Site Platform (Standalone)", "人员、设备、环境与安全一体化的工地管理平台。", "对接门禁、塔吊与环境监测设备，实名制考勤与安全教育记录，隐患随手拍与整改闭环，支持集团多项目总览。", []catalog.SpecDraft{sp("单项目 年度", "yearly", "30,000", "")}, false},
}

var demoSellers = []struct{ name, password, company string }{
	{"secure", "Secure12345", "北京安盾信息安全有限公司"},
	{"datawise", "Datawise12345", "上海数海数据科技有限公司"},
}

// demoLogo draws a two-tone logo so that cards can be told apart.
func demoLogo(i int) []byte {
	palette := []color.RGBA{{11, 92, 173, 255}, {0, 135, 90, 255}, {196, 73, 18, 255}, {108, 58, 168, 255}, {20, 120, 150, 255}, {170, 40, 70, 255}}
	bg := palette[i%len(palette)]
	img := image.NewRGBA(image.Rect(0, 0, 168, 80))
	for x := 0; x < 168; x++ {
		for y := 0; y < 80; y++ {
			c := bg
			if x > 20 && x < 60 && y > 20 && y < 60 {
				c = color.RGBA{255, 255, 255, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// demoContent fills in a complete release form for p.
func demoContent(p demoProduct, logo string, assetID string) catalog.Content {
	c := catalog.Content{AccessType: p.typ, Name: p.name, NameEn: p.nameEn, CategoryID: p.category, LogoFileID: logo, Summary: p.summary,
		Description:    p.summary + "\n\n" + p.features + "\n\n" + typeText[p.typ] + "\n\n" + "适用于中小企业与大型集团，已服务金融、制造、零售、政务等行业客户。" + serviceText,
		SupportContent: "提供产品咨询、开通指导、故障排查与使用培训；重大问题升级至研发团队处理。", SupportHours: "周一至周五 09:00–18:00",
		SupportTimeZone: "UTC+08:00", SupportPhone: "400-800-6688", SupportEmail: "support@example.com",
		UserGuide: "1. 下单后在“已购买的服务”中查看开通信息。\n2. 按使用指南完成初始化配置。\n3. 如需帮助请拨打服务热线或提交工单。",
		EULA:      "您在订购期内可在授权范围内使用本商品；不得转售、出租或反向工程。商家对因违反本协议造成的损失不承担责任。",
		Specs:     p.specs}
	switch p.typ {
	case catalog.TypeSaaS:
		c.ProductionURL, c.Delivery = "https://api.example.com/agora/v2", catalog.DeliveryInstant
	case catalog.TypeLicense:
		c.LicenseForm = catalog.LicenseAuthCode
	case catalog.TypeImage, catalog.TypePackage:
		c.AssetID = assetID
	case catalog.TypeManual:
		c.ServiceDays = "20"
	case catalog.TypeHardware:
		c.ShipFrom, c.Carrier, c.DispatchDays, c.WarrantyMonths = "浙江杭州", "顺丰速运", "3", "36"
	case catalog.TypeData:
		c.DataFormat, c.UpdateCycle = "CSV、Parquet", "每月"
	}
	if c.Supervised() {
		c.Acceptance = "交付物：实施报告、配置清单与验收单。验收标准：功能按需求清单逐项可用，买家管理员可正常登录并完成一次完整业务操作。"
	}
	return c
}

// seedCatalog releases the demo catalog through the real flow (draft → submit → approve),
// once: a seller who already has products is left alone.
func seedCatalog(ctx context.Context, svc *services, sellers map[string]account.Account, reviewer account.Account, asset func(seller account.Account, kind string) (string, error)) error {
	done := map[string]bool{}
	for name, s := range sellers {
		list, err := svc.catalog.MyProducts(ctx, s.ID, 1)
		if err != nil {
			return err
		}
		done[name] = len(list) > 0
	}
	for i, p := range demoCatalog {
		if done[p.seller] {
			continue
		}
		seller := sellers[p.seller]
		logo, err := svc.files.Upload(ctx, seller.ID, catalog.LogoPurpose, "logo.png", bytes.NewReader(demoLogo(i)))
		if err != nil {
			return err
		}
		assetID := ""
		if catalog.NeedsAsset(p.typ) {
			if assetID, err = asset(seller, catalog.AssetKind(p.typ)); err != nil {
				return err
			}
			if assetID == "" {
				continue // no approved asset to deliver
			}
		}
		app, err := svc.catalog.StartRelease(ctx, seller, p.typ)
		if err != nil {
			return err
		}
		if app, err = svc.catalog.Submit(ctx, seller, app.ID, demoContent(p, logo.ID.String(), assetID)); err != nil {
			return fmt.Errorf("demo product %s: %w %v", p.name, err, apperr.FieldsOf(err))
		}
		if err := svc.catalog.Decide(ctx, reviewer, app.ID, catalog.Decision{Approve: true, Version: fmt.Sprint(app.Version)}); err != nil {
			return err
		}
		if p.hidden {
			app, err = svc.catalog.MyApplication(ctx, seller.ID, app.ID)
			if err != nil {
				return err
			}
			if err := svc.catalog.SetPublic(ctx, seller, *app.ProductID, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedPendingWork leaves one release and one modification waiting for the reviewer.
func seedPendingWork(ctx context.Context, svc *services, seller account.Account) error {
	apps, err := svc.catalog.MyApplications(ctx, seller.ID, false, 1)
	if err != nil {
		return err
	}
	for _, a := range apps {
		if a.Status == lifecycle.AppPending {
			return nil // already seeded
		}
	}
	logo, err := svc.files.Upload(ctx, seller.ID, catalog.LogoPurpose, "logo.png", bytes.NewReader(demoLogo(7)))
	if err != nil {
		return err
	}
	p := demoProduct{typ: "saas", category: "enterprise", name: "云栖人事管理 SaaS版", nameEn: "Yunqi HR SaaS Edition",
		summary:  "组织、考勤、薪酬与绩效的一体化人事系统。",
		features: "员工档案与入转调离全流程在线办理，考勤排班与假期规则灵活配置，薪酬自动核算并生成个税报表，绩效目标与评估在线完成。",
		specs:    []catalog.SpecDraft{sp("100人", "monthly", "1,200", "14")}}
	app, err := svc.catalog.StartRelease(ctx, seller, p.typ)
	if err != nil {
		return err
	}
	if _, err := svc.catalog.Submit(ctx, seller, app.ID, demoContent(p, logo.ID.String(), "")); err != nil {
		return err
	}
	products, err := svc.catalog.MyProducts(ctx, seller.ID, 1)
	if err != nil || len(products) == 0 {
		return err
	}
	target := products[len(products)-1]
	change, err := svc.catalog.StartModification(ctx, seller, target.ID)
	if err != nil {
		return err
	}
	c := change.Content
	c.Summary += " 新增移动端审批与数据大屏。"
	if len(c.Specs) > 0 {
		c.Specs[0].Price = strings.ReplaceAll(c.Specs[0].Price, ",", "")
	}
	c.Specs = append(c.Specs, sp("旗舰版", "yearly", "199,000", ""))
	_, err = svc.catalog.Submit(ctx, seller, change.ID, c)
	return err
}
