/**
 * The words of the handouts, per language. Arguments arrive already formatted as Markdown (code
 * spans, links), so nothing here can un-escape a value.
 */
import type { Lang } from "./model";

/** The fair-share policy's limits as a handout states them (sizes and names already formatted). */
export interface FairShareText {
    readonly instanceSize: string;
    readonly clusterSize: string;
    readonly maxNodes: number;
    readonly deploymentSize: string;
    readonly maxInstances: number;
    /** The allowed deployment names (`blue`). */
    readonly deploymentNames: string;
    readonly enforced: boolean;
}

export interface Texts {
    readonly sampleBanner: string;
    readonly title: (team: string, event: string) => string;
    readonly intro: string;
    readonly guestHeading: string;
    readonly guestEmailed: (members: string) => string;
    readonly guestLinks: string;
    readonly redeemLink: string;
    readonly linksHeading: string;
    readonly portal: (group: string) => string;
    readonly studio: (workspace: string) => string;
    readonly repository: (repo: string) => string;
    readonly open: string;
    readonly valuesHeading: string;
    readonly valuesIntro: string;
    readonly placeholder: string;
    readonly yourValue: string;
    readonly valuesNote: string;
    readonly otherValues: string;
    readonly tenant: string;
    readonly region: string;
    readonly secretNotShown: string;
    readonly dataHeading: string;
    readonly assetName: string;
    readonly version: string;
    readonly reference: string;
    readonly datastore: (datastore: string, account: string) => string;
    readonly computeHeading: string;
    readonly cluster: (name: string, size: string, maxNodes: number) => string;
    readonly instancesIntro: (size: string) => string;
    readonly member: string;
    readonly instance: string;
    readonly noInstances: string;
    readonly instanceStops: (time: string, zone: string, idle: number) => string;
    /** The fair-share policy's limits (components/fairShare.ts) and what a refusal looks like. */
    readonly fairShare: (limits: FairShareText) => string;
    readonly endpointHeading: string;
    readonly endpointExists: (endpoint: string, auth: string, instanceType: string) => string;
    readonly endpointUpdate: string;
    readonly githubHeading: string;
    readonly invitation: (repo: string, invitations: string, owner: string) => string;
    readonly materials: string;
    readonly materialsTemplate: (template: string) => string;
    readonly materialsWorkflowScope: string;
    readonly alreadySet: string;
    readonly secrets: string;
    readonly variables: string;
    readonly namesUnknown: string;
    readonly noneSet: string;
    readonly connectorHeading: string;
    readonly connector: (owner: string) => string;
    readonly limitsHeading: string;
    readonly credentialsExpire: (
        utc: string,
        local: string | undefined,
        zone: string,
        endsOn: string,
    ) => string;
    readonly dailyStop: (time: string, zone: string) => string;
    readonly teardown: (endsOn: string) => string;
    /** How the team asks for its own teardown; `form` is a link to the request form (or its name). */
    readonly teardownRequest: (form: string, team: string) => string;
    readonly teardownKeeps: string;
    readonly teardownExpiry: (days: number) => string;
    readonly requestForm: string;
    readonly footer: (stack: string, date: string) => string;
    readonly sampleFooter: (stack: string, date: string) => string;
}

const en: Texts = {
    sampleBanner:
        "**SAMPLE** — built by the offline plan from simulated outputs. These names, links and ids are NOT a real environment.",
    title: (team, event) => `OpenHack for MLOps: team ${team} (${event})`,
    intro: "Everything your team needs to start: where your environment is, the values the notebooks ask for, and the limits to know.",
    linksHeading: "Links",
    portal: (group) => `Azure portal, resource group ${group}`,
    studio: (workspace) => `Azure Machine Learning studio, workspace ${workspace}`,
    repository: (repo) => `GitHub repository ${repo}`,
    open: "open",
    valuesHeading: "Values for the notebooks",
    valuesIntro:
        "The notebooks and challenge texts contain these placeholders. Replace each one, braces included, with your value:",
    placeholder: "Placeholder",
    yourValue: "Your value",
    valuesNote:
        "`{AML-WORSPACE-NAME}` is spelled that way (sic) in the materials: search for it as written.",
    otherValues: "Also useful",
    tenant: "Tenant ID",
    region: "Region",
    secretNotShown: "(secret: not shown)",
    dataHeading: "Data assets",
    assetName: "Name",
    version: "Version",
    reference: "Reference in jobs",
    datastore: (datastore, account) =>
        `Registered in your workspace already. Datastore ${datastore} on storage account ${account}.`,
    computeHeading: "Compute",
    cluster: (name, size, maxNodes) =>
        `Compute cluster ${name} (${size}, 0 to ${maxNodes} nodes, scales to zero when idle) already exists. Challenge 2 creates it with \`az ml compute create\`: skip that step. If you delete it, ask your coach to re-create it.`,
    instancesIntro: (size) =>
        `Each member has their own compute instance (${size}), assigned to them: only its owner can use it. Use yours for the notebooks.`,
    member: "Member (GitHub)",
    instance: "Compute instance",
    noInstances:
        "No compute instance was created for you: each member creates one in challenge 0 (Standard_D2_v2).",
    instanceStops: (time, zone, idle) =>
        `Instances stop every day at ${time} (${zone}) and after ${idle} minutes without activity. Start yours again in studio: Compute > Compute instances > Start.`,
    fairShare: ({
        instanceSize,
        clusterSize,
        maxNodes,
        deploymentSize,
        maxInstances,
        deploymentNames,
        enforced,
    }) =>
        `Fair share: in your resource group you may use only the cluster and your instances created for you (instances ${instanceSize}; cluster ${clusterSize}, at most ${maxNodes} nodes) and the online endpoint created for you, with deployments named ${deploymentNames} only (${deploymentSize}, at most ${maxInstances} instance(s) each). Run jobs on the cluster: serverless compute is not part of your share. ` +
        (enforced
            ? `Azure Policy refuses anything beyond that, and Azure's error then shows a message starting "OpenHack fair share". When you re-create the cluster, add \`--max-instances ${maxNodes}\`. Ask your coach to lift a limit.`
            : "These limits are only audited, not enforced."),
    endpointHeading: "Online endpoint (challenge 3)",
    endpointExists: (endpoint, auth, instanceType) =>
        `The managed online endpoint ${endpoint} already exists (authentication: ${auth}); it is your ${"`{UNIQUE_ENDPOINT_NAME}`"}. Deploy \`blue\` into it (instance type ${instanceType}):`,
    endpointUpdate:
        'Do not create the endpoint: `az ml online-endpoint create` fails with "already exists". To change it (for example its traffic), use `az ml online-endpoint update`; the deployment pipeline of challenge 6 uses `az ml online-deployment update`.',
    guestHeading: "First: accept your Microsoft Entra invitation",
    guestEmailed: (members) =>
        `${members}: you are invited as a guest of the hack's Microsoft Entra tenant. Open the e-mail from Microsoft Invitations and accept it, signing in with the address you registered. Until you accept, the portal and Azure ML studio links below do not let you in.`,
    guestLinks:
        "You are invited as a guest of the hack's Microsoft Entra tenant, and no e-mail was sent: open your own link below and accept, signing in with the address you registered. Until you accept, the portal and Azure ML studio links below do not let you in. Each link is for one person: open only yours.",
    redeemLink: "Accept the invitation",
    githubHeading: "GitHub",
    invitation: (repo, invitations, owner) =>
        `Accept the invitation to ${repo}: GitHub sends it by e-mail, and it is also waiting at ${invitations}. It expires after 7 days; ask your coach to send a new one if it did. Members of ${owner} may have been added directly, with nothing to accept.`,
    materials:
        "Bring the student materials into your repository (on your compute instance's terminal or your own machine):",
    materialsTemplate: (template) =>
        `Your repository was created from the template ${template}. If it already holds the materials, skip this.`,
    materialsWorkflowScope:
        "Pushing files under `.github/workflows` needs a GitHub credential allowed to change workflows (for a personal access token, the `workflow` scope).",
    alreadySet:
        "Already set in your repository by the organizers (names only; the values are never shown and you do not need them):",
    secrets: "Secrets",
    variables: "Variables",
    namesUnknown:
        "not recorded by this stack: see Settings > Secrets and variables > Actions in the repository",
    noneSet: "none",
    connectorHeading: "Challenge 6: Logic Apps to GitHub",
    connector: (owner) =>
        `Your Logic App calls the GitHub connector's action "Create a repository dispatch event", which signs in to GitHub through the connector's OAuth app. If ${owner} restricts OAuth apps, the sign-in cannot reach your repository until an owner approves the app: if the connection is refused or your repository is not listed, request access for the app in GitHub's sign-in window (when it offers it) and tell your coach, who has an owner approve it. The workflow it starts (\`on: repository_dispatch\`, Solutions/06_deploy.yml) runs only from your repository's default branch.`,
    limitsHeading: "Time limits",
    credentialsExpire: (utc, local, zone, endsOn) =>
        `The team's Azure credentials (the service principal in \`AZURE_CREDENTIALS\`) expire on ${utc}${local === undefined ? "" : ` (${local} ${zone})`}, 7 days after the event's last day, ${endsOn}.`,
    dailyStop: (time, zone) =>
        `Compute instances stop every day at ${time} (${zone}); start yours again in the morning.`,
    teardown: (endsOn) =>
        `The environment is torn down after the event (last day ${endsOn}). Keep anything you want to keep in your GitHub repository.`,
    teardownRequest: (form, team) =>
        `When your team is done, ask for the teardown yourselves: open ${form} on your repository and type your team name ${team} to confirm. Any member of the team (or a coach) can ask; the organizers' automation answers on that issue with the result, usually within the hour.`,
    teardownKeeps:
        "What you keep: the repository. It is archived (read-only) after the teardown, and every member can still read it until the organizers delete it.",
    teardownExpiry: (days) =>
        `If nobody asks, the environment is torn down ${days} day(s) after the last day; the repository gets a warning issue one day before.`,
    requestForm: 'the issue form "Tear down our environment"',
    footer: (stack, date) => `Generated on ${date} from the outputs of stack ${stack}.`,
    sampleFooter: (stack, date) =>
        `SAMPLE generated on ${date} by the offline plan for stack ${stack}: simulated values, nothing was deployed.`,
};

const ja: Texts = {
    sampleBanner:
        "**サンプル** — オフライン計画がシミュレーションした出力から作成しました。ここにある名前・リンク・ID は実在の環境ではありません。",
    title: (team, event) => `OpenHack for MLOps: チーム ${team} (${event})`,
    intro: "チームが作業を始めるのに必要な情報です: 環境の場所、ノートブックが求める値、知っておくべき制限。",
    linksHeading: "リンク",
    portal: (group) => `Azure portal のリソース グループ ${group}`,
    studio: (workspace) => `Azure Machine Learning スタジオのワークスペース ${workspace}`,
    repository: (repo) => `GitHub リポジトリ ${repo}`,
    open: "開く",
    valuesHeading: "ノートブックに入れる値",
    valuesIntro:
        "ノートブックとチャレンジの説明には次のプレースホルダーがあります。波かっこごと、チームの値に置き換えてください:",
    placeholder: "プレースホルダー",
    yourValue: "チームの値",
    valuesNote:
        "`{AML-WORSPACE-NAME}` は教材でこの綴り (原文のまま) です。検索するときはこの綴りで探してください。",
    otherValues: "その他の値",
    tenant: "テナント ID",
    region: "リージョン",
    secretNotShown: "(シークレットのため表示しません)",
    dataHeading: "データ アセット",
    assetName: "名前",
    version: "バージョン",
    reference: "ジョブでの参照",
    datastore: (datastore, account) =>
        `ワークスペースに登録済みです。データストア ${datastore} (ストレージ アカウント ${account})。`,
    computeHeading: "コンピューティング",
    cluster: (name, size, maxNodes) =>
        `コンピューティング クラスター ${name} (${size}、0〜${maxNodes} ノード、アイドル時は 0 に縮小) は作成済みです。チャレンジ 2 の \`az ml compute create\` は不要です。削除した場合はコーチに再作成を依頼してください。`,
    instancesIntro: (size) =>
        `メンバーごとに専用のコンピューティング インスタンス (${size}) があり、本人だけが使えます。ノートブックは自分のインスタンスで実行してください。`,
    member: "メンバー (GitHub)",
    instance: "コンピューティング インスタンス",
    noInstances:
        "コンピューティング インスタンスは作成されていません。チャレンジ 0 で各メンバーが作成します (Standard_D2_v2)。",
    instanceStops: (time, zone, idle) =>
        `インスタンスは毎日 ${time} (${zone}) に停止し、${idle} 分間操作がないときも停止します。スタジオの [コンピューティング] > [コンピューティング インスタンス] > [開始] で再開できます。`,
    fairShare: ({
        instanceSize,
        clusterSize,
        maxNodes,
        deploymentSize,
        maxInstances,
        deploymentNames,
        enforced,
    }) =>
        `公平な割り当て: このリソース グループで使えるのは、作成済みのクラスターと各自のインスタンス (インスタンス ${instanceSize}、クラスター ${clusterSize} は最大 ${maxNodes} ノード)、および作成済みのオンライン エンドポイントだけです。デプロイの名前は ${deploymentNames} のみ (${deploymentSize}、各最大 ${maxInstances} インスタンス)。ジョブはクラスターで実行してください (サーバーレス コンピューティングは割り当てに含まれません)。` +
        (enforced
            ? `これを超える作成・変更は Azure Policy に拒否され、Azure のエラーに "OpenHack fair share" で始まるメッセージが表示されます。クラスターを作り直すときは \`--max-instances ${maxNodes}\` を付けてください。上限の変更はコーチに依頼してください。`
            : "この上限は記録のみで、拒否はされません。"),
    guestHeading: "最初に: Microsoft Entra の招待を承諾する",
    guestEmailed: (members) =>
        `${members}: ハッカソンの Microsoft Entra テナントにゲストとして招待されています。Microsoft Invitations からのメールを開き、登録したメール アドレスでサインインして招待を承諾してください。承諾するまで、下のポータルと Azure ML スタジオのリンクは開けません。`,
    guestLinks:
        "ハッカソンの Microsoft Entra テナントにゲストとして招待されています。招待メールは送られていません: 下の自分のリンクを開き、登録したメール アドレスでサインインして承諾してください。承諾するまで、下のポータルと Azure ML スタジオのリンクは開けません。リンクは一人に一つです。自分のリンクだけを開いてください。",
    redeemLink: "招待を承諾する",
    endpointHeading: "オンライン エンドポイント (チャレンジ 3)",
    endpointExists: (endpoint, auth, instanceType) =>
        `マネージド オンライン エンドポイント ${endpoint} は作成済みです (認証: ${auth})。これがチームの ${"`{UNIQUE_ENDPOINT_NAME}`"} です。\`blue\` デプロイをこのエンドポイントに作成してください (インスタンスの種類 ${instanceType}):`,
    endpointUpdate:
        'エンドポイントは作成しないでください: `az ml online-endpoint create` は "already exists" で失敗します。トラフィックなどエンドポイントの変更には `az ml online-endpoint update` を使います。チャレンジ 6 のデプロイ パイプラインは `az ml online-deployment update` を使います。',
    githubHeading: "GitHub",
    invitation: (repo, invitations, owner) =>
        `${repo} への招待を承諾してください: GitHub からメールが届き、${invitations} でも承諾できます。招待は 7 日で期限切れになります。期限が切れたらコーチに再送を依頼してください。${owner} のメンバーは直接追加されている場合があり、その場合は承諾は不要です。`,
    materials:
        "学生用教材をチームのリポジトリに取り込みます (コンピューティング インスタンスのターミナルまたは自分の PC で):",
    materialsTemplate: (template) =>
        `リポジトリはテンプレート ${template} から作成されています。教材がすでに入っていれば、この手順は不要です。`,
    materialsWorkflowScope:
        "`.github/workflows` 以下のファイルをプッシュするには、ワークフローを変更できる GitHub の資格情報が必要です (個人用アクセス トークンなら `workflow` スコープ)。",
    alreadySet:
        "運営がリポジトリに設定済みのもの (名前のみ。値は表示されず、チームが知る必要もありません):",
    secrets: "シークレット",
    variables: "変数",
    namesUnknown:
        "このスタックは記録していません: リポジトリの Settings > Secrets and variables > Actions を確認してください",
    noneSet: "なし",
    connectorHeading: "チャレンジ 6: Logic Apps から GitHub へ",
    connector: (owner) =>
        `Logic App は GitHub コネクタの「リポジトリ ディスパッチ イベントを作成する」アクションを使い、コネクタの OAuth アプリで GitHub にサインインします。${owner} が OAuth アプリを制限している場合、オーナーがアプリを承認するまでサインインはチームのリポジトリに届きません。接続が拒否される、またはリポジトリが一覧に出ないときは、GitHub のサインイン画面でアプリへのアクセスを要求し (表示される場合)、コーチに伝えてください。コーチがオーナーに承認を依頼します。起動されるワークフロー (\`on: repository_dispatch\`、Solutions/06_deploy.yml) はリポジトリの既定のブランチにあるものだけが実行されます。`,
    limitsHeading: "期限と時間",
    credentialsExpire: (utc, local, zone, endsOn) =>
        `チームの Azure 資格情報 (\`AZURE_CREDENTIALS\` のサービス プリンシパル) は ${local === undefined ? utc : `${local} (${zone})、${utc}`} に期限切れになります。イベント最終日 ${endsOn} の 7 日後です。`,
    dailyStop: (time, zone) =>
        `コンピューティング インスタンスは毎日 ${time} (${zone}) に停止します。翌朝に再開してください。`,
    teardown: (endsOn) =>
        `環境はイベント終了後 (最終日 ${endsOn}) に削除されます。残したいものは GitHub リポジトリに保存してください。`,
    teardownRequest: (form, team) =>
        `作業が終わったら、チーム自身で削除を依頼できます: リポジトリで${form}を開き、確認のためチーム名 ${team} を入力してください。チームのメンバー (またはコーチ) なら誰でも依頼でき、主催者の自動処理が結果をその Issue に書きます (通常 1 時間以内)。`,
    teardownKeeps:
        "残るもの: リポジトリ。削除後はアーカイブ (読み取り専用) され、主催者が削除するまでメンバー全員が引き続き読めます。",
    teardownExpiry: (days) =>
        `依頼がなければ、最終日の ${days} 日後に環境は削除されます。その 1 日前にリポジトリに予告の Issue が作られます。`,
    requestForm: "Issue フォーム「Tear down our environment」",
    footer: (stack, date) => `${date} にスタック ${stack} の出力から作成しました。`,
    sampleFooter: (stack, date) =>
        `サンプル: ${date} にオフライン計画がスタック ${stack} について作成しました。値はシミュレーションで、何もデプロイされていません。`,
};

export const TEXTS: Readonly<Record<Lang, Texts>> = { en, ja };
