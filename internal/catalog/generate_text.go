package catalog

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The vocabulary of the catalog generator: what sellers on a Chinese cloud
// marketplace call their companies and products, in both languages.

type genWord struct{ zh, en string }

// genBrands are two-character brand syllables with their pinyin; a brand is two of them.
var genBrands = []genWord{
	{"云", "Yun"}, {"数", "Shu"}, {"智", "Zhi"}, {"联", "Lian"}, {"星", "Xing"}, {"河", "He"}, {"蓝", "Lan"}, {"海", "Hai"},
	{"天", "Tian"}, {"启", "Qi"}, {"明", "Ming"}, {"德", "De"}, {"信", "Xin"}, {"安", "An"}, {"华", "Hua"}, {"创", "Chuang"},
	{"远", "Yuan"}, {"博", "Bo"}, {"瑞", "Rui"}, {"泰", "Tai"}, {"嘉", "Jia"}, {"恒", "Heng"}, {"锐", "Rui"}, {"拓", "Tuo"},
	{"达", "Da"}, {"新", "Xin"}, {"宇", "Yu"}, {"易", "Yi"}, {"通", "Tong"}, {"捷", "Jie"}, {"鼎", "Ding"}, {"讯", "Xun"},
	{"峰", "Feng"}, {"晨", "Chen"}, {"光", "Guang"}, {"辰", "Chen"}, {"汇", "Hui"}, {"融", "Rong"}, {"科", "Ke"}, {"栖", "Qi"},
	{"凌", "Ling"}, {"极", "Ji"}, {"弘", "Hong"}, {"领", "Ling"}, {"驰", "Chi"}, {"途", "Tu"}, {"朗", "Lang"}, {"坤", "Kun"},
	{"和", "He"}, {"盛", "Sheng"}, {"思", "Si"}, {"维", "Wei"}, {"翼", "Yi"}, {"帆", "Fan"}, {"立", "Li"}, {"方", "Fang"},
	{"策", "Ce"}, {"元", "Yuan"}, {"衡", "Heng"}, {"青", "Qing"},
}

var genCities = []genWord{
	{"杭州", "Hangzhou"}, {"深圳", "Shenzhen"}, {"北京", "Beijing"}, {"上海", "Shanghai"}, {"成都", "Chengdu"},
	{"南京", "Nanjing"}, {"武汉", "Wuhan"}, {"西安", "Xi'an"}, {"苏州", "Suzhou"}, {"广州", "Guangzhou"},
	{"合肥", "Hefei"}, {"长沙", "Changsha"}, {"厦门", "Xiamen"}, {"重庆", "Chongqing"}, {"天津", "Tianjin"},
}

var genTrades = []string{"科技", "软件", "信息技术", "网络科技", "数据科技", "智能科技", "云计算", "数字技术"}

var genSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "林"}
var genGiven = []string{"伟", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "婷", "鹏"}

var genBanks = []genWord{{"中国工商银行", "西湖支行"}, {"中国建设银行", "高新支行"}, {"招商银行", "科技园支行"},
	{"中国银行", "中关村支行"}, {"交通银行", "浦东分行"}, {"兴业银行", "软件园支行"}}

// genCategory is what a category's products are called and how they are delivered.
type genCategory struct {
	id    string
	types []string
	nouns []genWord
	perks []string // category-specific sentences of the description
}

var genCategories = []genCategory{
	{"infrastructure", []string{TypeImage, TypePackage, TypeSaaS, TypeLicense}, []genWord{
		{"云主机管理平台", "Cloud Host Management Platform"}, {"容器服务平台", "Container Service Platform"},
		{"分布式存储系统", "Distributed Storage System"}, {"负载均衡网关", "Load Balancing Gateway"},
		{"虚拟化管理软件", "Virtualization Manager"}, {"备份与容灾系统", "Backup and Disaster Recovery"},
		{"对象存储网关", "Object Storage Gateway"}, {"中间件套件", "Middleware Suite"},
		{"消息队列服务", "Message Queue Service"}, {"高可用集群软件", "High Availability Cluster"},
		{"边缘计算平台", "Edge Computing Platform"}, {"Kubernetes 管理平台", "Kubernetes Management Platform"},
	}, []string{"支持裸金属、虚拟机与容器混合部署，资源利用率平均提升百分之三十以上。", "提供多可用区容灾能力，单节点故障时业务自动切换，切换时间小于三十秒。"}},
	{"database", []string{TypeImage, TypeSaaS, TypeLicense, TypePackage}, []genWord{
		{"分布式数据库", "Distributed Database"}, {"数据库审计系统", "Database Audit System"},
		{"数据库管理工具", "Database Management Tool"}, {"时序数据库", "Time-Series Database"},
		{"图数据库", "Graph Database"}, {"PostgreSQL 数据库服务", "PostgreSQL Database Service"},
		{"MySQL 高可用集群", "MySQL High Availability Cluster"}, {"Redis 缓存服务", "Redis Cache Service"},
		{"数据库迁移工具", "Database Migration Tool"}, {"数据库运维平台", "Database Operations Platform"},
		{"向量数据库", "Vector Database"}, {"数据同步中间件", "Data Sync Middleware"},
	}, []string{"兼容 PostgreSQL 与 MySQL 协议，已有应用无需改造即可迁移。", "支持读写分离、自动备份与按时间点恢复，数据可靠性达到九个九。"}},
	{"security", []string{TypeSaaS, TypeLicense, TypeImage}, []genWord{
		{"Web应用防火墙", "Web Application Firewall"}, {"主机安全防护", "Host Security Protection"},
		{"运维堡垒机", "Bastion Host"}, {"漏洞扫描系统", "Vulnerability Scanner"},
		{"数据防泄漏系统", "Data Loss Prevention"}, {"日志审计系统", "Log Audit System"},
		{"等保合规套件", "MLPS Compliance Suite"}, {"身份认证平台", "Identity Authentication Platform"},
		{"态势感知平台", "Security Situational Awareness"}, {"防病毒软件", "Antivirus Software"},
		{"SSL证书管理", "SSL Certificate Manager"}, {"零信任访问网关", "Zero Trust Access Gateway"},
	}, []string{"内置数千条攻击特征规则，规则库每日自动更新。", "满足网络安全等级保护2.0三级要求，提供合规报告一键导出。"}},
	{"ai", []string{TypeSaaS, TypeLicense, TypeImage}, []genWord{
		{"智能客服机器人", "AI Customer Service Bot"}, {"OCR文字识别", "OCR Text Recognition"},
		{"人脸识别平台", "Face Recognition Platform"}, {"语音识别引擎", "Speech Recognition Engine"},
		{"大模型应用开发平台", "LLM Application Platform"}, {"机器学习平台", "Machine Learning Platform"},
		{"智能质检系统", "Intelligent Quality Inspection"}, {"知识图谱平台", "Knowledge Graph Platform"},
		{"视频智能分析", "Video Analytics"}, {"智能文档处理", "Intelligent Document Processing"},
		{"机器翻译引擎", "Machine Translation Engine"}, {"智能推荐引擎", "Recommendation Engine"},
	}, []string{"模型支持私有化部署与持续训练，识别准确率在行业测试集上超过百分之九十八。", "提供标准 REST API 与多语言 SDK，半天即可完成对接。"}},
	{"devops", []string{TypeSaaS, TypePackage, TypeLicense}, []genWord{
		{"持续集成平台", "Continuous Integration Platform"}, {"代码托管平台", "Code Hosting Platform"},
		{"应用性能监控", "Application Performance Monitoring"}, {"自动化测试工具", "Test Automation Tool"},
		{"日志分析平台", "Log Analytics Platform"}, {"配置管理数据库", "Configuration Management Database"},
		{"运维自动化平台", "IT Operations Automation"}, {"低代码开发平台", "Low-Code Development Platform"},
		{"API网关", "API Gateway"}, {"项目协作工具", "Project Collaboration Tool"},
		{"制品仓库", "Artifact Repository"}, {"混沌工程平台", "Chaos Engineering Platform"},
	}, []string{"与主流代码仓库和流水线工具无缝集成，构建时间平均缩短一半。", "支持灰度发布与一键回滚，让每一次上线都可控、可追溯。"}},
	{"enterprise", []string{TypeSaaS, TypeLicense}, []genWord{
		{"协同办公平台", "Collaborative Office Suite"}, {"客户关系管理系统", "CRM System"},
		{"人力资源管理系统", "HR Management System"}, {"财务管理软件", "Finance Management Software"},
		{"企业资源计划系统", "ERP System"}, {"电子签章平台", "E-Signature Platform"},
		{"采购管理系统", "Procurement Management System"}, {"在线会议系统", "Online Meeting System"},
		{"合同管理系统", "Contract Management System"}, {"费用报销系统", "Expense Management System"},
		{"企业网盘", "Enterprise Cloud Drive"}, {"电子发票平台", "E-Invoice Platform"},
	}, []string{"支持移动端、网页端与桌面端同步使用，审批流程可视化配置。", "开放组织架构与单点登录接口，可与现有办公系统快速打通。"}},
	{"industry", []string{TypeSaaS, TypeLicense, TypeManual}, []genWord{
		{"智慧园区平台", "Smart Campus Platform"}, {"智慧医疗系统", "Smart Healthcare System"},
		{"智慧教育平台", "Smart Education Platform"}, {"制造执行系统", "Manufacturing Execution System"},
		{"智慧物流平台", "Smart Logistics Platform"}, {"智慧零售系统", "Smart Retail System"},
		{"政务服务平台", "E-Government Service Platform"}, {"智慧水务系统", "Smart Water Management"},
		{"能源管理系统", "Energy Management System"}, {"智慧社区平台", "Smart Community Platform"},
		{"农业物联网平台", "Smart Agriculture Platform"}, {"金融风控系统", "Financial Risk Control System"},
	}, []string{"已在数十个地市级项目中落地，积累了丰富的行业模板与最佳实践。", "支持与政务云、行业专网对接，满足数据不出域的合规要求。"}},
	{"data", []string{TypeData, TypeSaaS}, []genWord{
		{"数据治理平台", "Data Governance Platform"}, {"商业智能分析", "Business Intelligence"},
		{"云数据仓库", "Cloud Data Warehouse"}, {"数据可视化大屏", "Data Visualization Dashboard"},
		{"数据集成平台", "Data Integration Platform"}, {"企业工商数据", "Company Registry Data"},
		{"气象数据服务", "Weather Data Service"}, {"地理信息数据", "Geographic Information Data"},
		{"用户画像分析", "Customer Profile Analytics"}, {"数据湖", "Data Lake"},
		{"实时计算平台", "Real-Time Computing Platform"}, {"数据标注服务", "Data Labeling Service"},
	}, []string{"覆盖全国三千多万家企业与个体工商户，数据每日增量更新。", "提供数据血缘、质量稽核与资产目录，让数据可找、可信、可用。"}},
	{"iot", []string{TypeHardware, TypeSaaS}, []genWord{
		{"物联网接入平台", "IoT Access Platform"}, {"智能网关", "Smart Gateway"},
		{"工业边缘控制器", "Industrial Edge Controller"}, {"环境监测传感器套件", "Environmental Sensor Kit"},
		{"智能门禁终端", "Smart Access Control Terminal"}, {"视频监控一体机", "Video Surveillance Appliance"},
		{"设备管理平台", "Device Management Platform"}, {"车联网平台", "Connected Vehicle Platform"},
		{"智能电表", "Smart Meter"}, {"RFID资产标签", "RFID Asset Tags"},
		{"服务器一体机", "Server Appliance"}, {"工业相机", "Industrial Camera"},
	}, []string{"支持 MQTT、CoAP 与 Modbus 协议，百万级设备并发接入。", "设备出厂预置证书，开箱即可安全接入云端平台。"}},
	{"services", []string{TypeManual}, []genWord{
		{"上云迁移服务", "Cloud Migration Service"}, {"等保测评咨询", "Compliance Assessment Consulting"},
		{"运维托管服务", "Managed Operations Service"}, {"数据库优化服务", "Database Tuning Service"},
		{"网站建设服务", "Website Development Service"}, {"小程序开发", "Mini Program Development"},
		{"安全加固服务", "Security Hardening Service"}, {"架构设计咨询", "Architecture Consulting"},
		{"软件实施服务", "Software Implementation Service"}, {"培训认证服务", "Training and Certification"},
		{"容灾演练服务", "Disaster Recovery Drill"}, {"性能压测服务", "Load Testing Service"},
	}, []string{"由具备十年以上经验的认证工程师团队交付，全程项目经理跟进。", "交付前提供详细的实施方案与风险评估，交付后提供验收报告。"}},
}

var genEditions = []genWord{{"标准版", "Standard Edition"}, {"企业版", "Enterprise Edition"}, {"专业版", "Professional Edition"},
	{"旗舰版", "Ultimate Edition"}, {"基础版", "Basic Edition"}, {"V3.0", "V3.0"}}

var genAudiences = []string{"中小企业", "大型企业", "政府与公共事业单位", "金融机构", "制造企业", "互联网公司", "医疗机构", "教育机构"}

var genBenefits = []string{"开箱即用，帮助企业降本增效", "安全可靠，通过多项权威认证", "按需付费，弹性扩展",
	"一站式交付，专业团队全程服务", "高性能、高可用，支撑核心业务", "简单易用，十分钟完成部署"}

// genSentences are the generic sentences a description is assembled from.
var genSentences = []string{
	"产品采用微服务架构设计，各模块可独立扩展，轻松应对业务高峰期的访问压力。",
	"提供完善的权限管理体系，支持按部门、角色和项目精细化授权，所有操作均有审计日志可查。",
	"系统界面简洁直观，业务人员无需专业培训即可上手，大幅降低使用门槛与培训成本。",
	"支持公有云、私有云与混合云多种部署方式，满足不同规模企业对数据安全与合规的要求。",
	"内置丰富的统计报表与可视化看板，管理者可以实时掌握业务运行状态并做出决策。",
	"开放标准接口与插件机制，可与企业现有的身份认证、财务和办公系统快速集成。",
	"所有数据在传输与存储过程中均经过加密处理，并支持定期自动备份与一键恢复。",
	"产品已服务超过五百家客户，覆盖金融、制造、零售、教育、医疗等多个行业。",
	"我们提供从需求调研、方案设计、部署实施到运维保障的全生命周期服务。",
	"版本持续迭代，每季度发布新功能，老客户在服务期内可免费升级到最新版本。",
	"支持多租户与多语言，适合集团型企业统一建设、分级管理的使用场景。",
	"通过国家信息安全等级保护测评和多项软件著作权登记，质量与安全有保障。",
}

var genTZs = []string{"Asia/Shanghai (UTC+8)", "北京时间 (UTC+8)"}
var genHours = []string{"7×24小时", "工作日 9:00-18:00", "每天 8:00-22:00", "工作日 9:00-21:00"}

// genCompany is a seller's name, unique per index.
func genCompany(i int) (zh, city, brandZh, brandEn string) {
	n := len(genBrands)
	a, b := genBrands[i%n], genBrands[(i/n+i+1)%n] // two syllables; the same one twice only for one seller in n
	c := genCities[(i/(n*n)+i/7)%len(genCities)]
	city = c.zh
	brandZh, brandEn = a.zh+b.zh, a.en+strings.ToLower(b.en)
	// The brand alone repeats every n² sellers; the city and the trade keep names unique.
	zh = city + brandZh + genTrades[(i/(n*n))%len(genTrades)] + "有限公司"
	if i >= n*n*len(genTrades) {
		zh = fmt.Sprintf("%s%s%s第%d分公司", city, brandZh, genTrades[i%len(genTrades)], i/(n*n*len(genTrades)))
	}
	return zh, city, brandZh, brandEn
}

func genPick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func genPerson(r *rand.Rand) string {
	return genPick(r, genSurnames) + genPick(r, genGiven) + genPick(r, genGiven)
}

// genDescription is at least MinDescriptionText characters of plain text.
func genDescription(r *rand.Rand, c Content, cat genCategory, company, audience string, noun genWord) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s是%s面向%s推出的%s产品，%s。", c.Name, company, audience, noun.zh, genPick(r, genBenefits))
	for _, s := range cat.perks {
		b.WriteString(s)
	}
	b.WriteString("\n\n")
	perm := r.Perm(len(genSentences))
	for i, k := range perm {
		b.WriteString(genSentences[k])
		if i == 3 {
			b.WriteString("\n\n")
		}
		if TextLength(b.String()) > MinDescriptionText+60 && i >= 6 {
			break
		}
	}
	if c.NameEn != "" {
		fmt.Fprintf(&b, "\n\n%s is a %s from %s for %s teams. It deploys in minutes, scales with your business and comes with professional support from the seller.",
			c.NameEn, strings.ToLower(noun.en), genAsciiBrand(company, c.NameEn), genPick(r, []string{"small and medium", "enterprise", "public sector", "finance", "manufacturing"}))
	}
	return b.String()
}

func genAsciiBrand(company, nameEn string) string {
	if i := strings.IndexByte(nameEn, ' '); i > 0 {
		return nameEn[:i]
	}
	return company
}

func genEULA(company, name string) string {
	return "最终用户许可协议\n\n" +
		"1. 本协议是您（被许可方）与" + company + "（许可方）之间关于使用「" + name + "」的法律协议。购买即表示您同意本协议全部条款。\n" +
		"2. 许可方授予您在订购期限和规格范围内非独占、不可转让的使用许可。未经书面同意，您不得转售、出租或反向工程本产品。\n" +
		"3. 许可方保证产品在正常使用条件下符合商品详情页描述的功能，并按服务承诺提供技术支持。\n" +
		"4. 您的业务数据归您所有。许可方仅为提供服务之目的处理数据，并采取合理的安全措施予以保护。\n" +
		"5. 因不可抗力或您违反本协议造成的损失，许可方不承担责任。本协议适用中华人民共和国法律。"
}

func genUserGuide(c Content) string {
	steps := []string{
		"1. 在商品详情页选择规格与购买时长，提交订单并完成支付。",
		"2. 支付成功后，在「我的云商店 - 已购买的服务」中查看订单与交付信息。",
	}
	switch c.AccessType {
	case TypeSaaS:
		steps = append(steps, "3. 使用交付信息中的地址与账号登录，首次登录后请立即修改初始密码。")
	case TypeLicense:
		steps = append(steps, "3. 在交付信息中获取授权码或许可证文件，按安装手册完成激活。")
	case TypeImage:
		steps = append(steps, "3. 使用交付的镜像创建云服务器，启动后访问控制台完成初始化配置。")
	case TypePackage:
		steps = append(steps, "3. 下载软件包，按随包提供的安装手册在您的服务器上完成部署。")
	case TypeManual:
		steps = append(steps, "3. 服务商将在一个工作日内联系您确认需求，按约定完成交付后请及时验收。")
	case TypeHardware:
		steps = append(steps, "3. 填写收货地址，设备发货后可在订单中查看物流信息，签收后按说明书安装。")
	case TypeData:
		steps = append(steps, "3. 在交付信息中获取数据接口密钥，按接口文档调用或下载数据文件。")
	}
	steps = append(steps, "如遇问题，请通过页面上的客服电话或邮箱联系我们。")
	return strings.Join(steps, "\n")
}

func genAcceptance(c Content) string {
	return "交付验收标准：\n1. 按订单约定的规格与范围完成交付；\n2. 买家确认功能或服务成果符合商品详情描述；\n" +
		"3. 交付文档（部署记录、使用说明或服务报告）齐全。\n买家应在收到交付通知后按平台规则完成验收。"
}
