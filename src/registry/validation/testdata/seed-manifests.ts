// The complete Pod and Job manifests of the seeds (/work/shared/seeds/001-004), verbatim. Two
// spec fragments of seed 001 ("After" of the Cloud SQL and Istio examples) are wrapped in a Pod
// with a name; everything else is as the authors wrote it.

export interface SeedManifest {
  seed: string;
  yaml: string;
}

export const seedManifests: SeedManifest[] = [
  { seed: "001 batch-job-traditional", yaml: `
apiVersion: batch/v1
kind: Job
metadata:
  name: batch-job-traditional
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command:
        - sh
        - -c
        - |
          echo "Main container started"
          for i in 1 2 3 4 5; do
            echo "Processing... $i/5"
            sleep 2
          done
          echo "Main container completed"

      - name: sidecar
        image: busybox:1.36
        command:
        - sh
        - -c
        - |
          echo "Sidecar started"
          while true; do
            echo "Sidecar running..."
            sleep 5
          done
` },
  { seed: "001 batch-job-native", yaml: `
apiVersion: batch/v1
kind: Job
metadata:
  name: batch-job-native
spec:
  template:
    spec:
      restartPolicy: Never

      initContainers:
      - name: sidecar
        image: busybox:1.36
        restartPolicy: Always  # Native Sidecar!
        command:
        - sh
        - -c
        - |
          echo "Native Sidecar started"
          while true; do
            echo "Sidecar running..."
            sleep 5
          done
        startupProbe:
          exec:
            command: ["echo", "ready"]
          initialDelaySeconds: 1
          periodSeconds: 1
          failureThreshold: 5

      containers:
      - name: main
        image: busybox:1.36
        command:
        - sh
        - -c
        - |
          echo "Main container started"
          for i in 1 2 3 4 5; do
            echo "Processing... $i/5"
            sleep 2
          done
          echo "Main container completed"
` },
  { seed: "001 cloud-sql-proxy (After, wrapped)", yaml: `
apiVersion: v1
kind: Pod
metadata:
  name: cloud-sql-native
spec:
  initContainers:
  - name: cloud-sql-proxy
    image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0
    restartPolicy: Always
    args:
    - "--structured-logs"
    - "--port=5432"
    - "myproject:us-central1:mydb"

    # 핵심: Startup Probe로 준비 상태 확인
    startupProbe:
      tcpSocket:
        port: 5432
      initialDelaySeconds: 2
      periodSeconds: 1
      failureThreshold: 30  # 최대 30초 대기

  containers:
  - name: app
    image: myapp:1.0
    env:
    - name: DB_HOST
      value: localhost  # Proxy 준비 완료!
    - name: DB_PORT
      value: "5432"
` },
  { seed: "001 istio (After, wrapped)", yaml: `
apiVersion: v1
kind: Pod
metadata:
  name: istio-native
spec:
  initContainers:
  # Istio Init (iptables 설정)
  - name: istio-init
    image: istio/proxyv2:1.20.0
    command: ["istio-iptables", "-p", "15001", "-u", "1337"]
    securityContext:
      capabilities:
        add: ["NET_ADMIN", "NET_RAW"]

  # Istio Proxy (Native Sidecar)
  - name: istio-proxy
    image: istio/proxyv2:1.20.0
    restartPolicy: Always
    args: ["proxy", "sidecar"]
    startupProbe:
      httpGet:
        path: /healthz/ready
        port: 15021
      failureThreshold: 30

  containers:
  - name: app
    image: myapp:1.0
` },
  { seed: "001 production-app", yaml: `
apiVersion: v1
kind: Pod
metadata:
  name: production-app
spec:
  initContainers:
  # 1단계: Secrets 가져오기
  - name: vault-agent
    image: vault:1.15
    restartPolicy: Always
    command: ["vault", "agent", "-config=/etc/vault/config.hcl"]
    startupProbe:
      exec:
        command: ["test", "-f", "/secrets/db-password"]
      failureThreshold: 30

  # 2단계: Database Proxy (Secrets 필요)
  - name: cloud-sql-proxy
    image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0
    restartPolicy: Always
    volumeMounts:
    - name: secrets
      mountPath: /secrets
    command:
    - "/cloud-sql-proxy"
    - "--credentials-file=/secrets/db-credentials"
    - "myproject:us-central1:mydb"
    startupProbe:
      tcpSocket:
        port: 5432
      failureThreshold: 30

  # 3단계: OpenTelemetry Collector
  - name: otel-collector
    image: otel/opentelemetry-collector-contrib:0.95.0
    restartPolicy: Always
    args: ["--config=/conf/otel-config.yaml"]
    startupProbe:
      httpGet:
        path: /
        port: 13133
      failureThreshold: 30

  containers:
  # 4단계: 메인 애플리케이션
  - name: app
    image: myapp:1.0
    # 모든 Sidecar 준비 완료 후 시작!
    env:
    - name: DB_HOST
      value: localhost
    - name: OTEL_EXPORTER_OTLP_ENDPOINT
      value: http://localhost:4318

  volumes:
  - name: secrets
    emptyDir: {}
` },
  { seed: "002 myapp", yaml: `
apiVersion: v1
kind: Pod
metadata:
  name: myapp
spec:
  initContainers:
  - name: istio-proxy
    image: istio/proxyv2:1.20.0
    restartPolicy: Always  # 이 설정이 Native 사이드카를 만든다
    ports:
    - containerPort: 15001
      name: envoy-admin
  - name: init-setup
    image: busybox:1.36
    command: ['sh', '-c', 'echo "Initial setup complete"']
    # restartPolicy를 지정하지 않으면 일반 init container
  containers:
  - name: app
    image: myapp:1.0
    ports:
    - containerPort: 8080
` },
  { seed: "003 nginx-sidecar", yaml: `
apiVersion: v1
kind: Pod
metadata:
  name: nginx-sidecar
spec:
  containers:
  - name: nginx # app-container
    image: nginx
    ports:
    - containerPort: 80
    volumeMounts:
    - name: varlognginx
      mountPath: /var/log/nginx 
  - name: sidecar-access # access.log streaming container
    image: busybox
    args: [/bin/sh, -c, 'tail -n+1 -f /var/log/nginx/access.log']
    volumeMounts:
    - name: varlognginx
      mountPath: /var/log/nginx
  - name: sidecar-error # error.log streaming container
    image: busybox
    args: [/bin/sh, -c, 'tail -n+1 -f /var/log/nginx/error.log'] 
    volumeMounts:
    - name: varlognginx
      mountPath: /var/log/nginx
  volumes: # emptyDir을 통해 멀티컨테이너 간 파일 시스템을 공유한다.
  - name: varlognginx 
    emptyDir: {}
` },
  { seed: "004 app-with-logging-sidecar", yaml: `
apiVersion: v1
kind: Pod
metadata:
  name: app-with-logging-sidecar
spec:
  volumes:
    - name: shared-logs
      emptyDir: {}
  initContainers:
    - name: log-shipper
      image: alpine:latest
      command: ['sh', '-c', 'tail -F /opt/logs.txt']
      volumeMounts:
        - name: shared-logs
          mountPath: /opt
      restartPolicy: Always  # 핵심: Sidecar 설정
  containers:
    - name: main-app
      image: alpine:latest
      command: ['sh', '-c', 'while true; do echo "logging" >> /opt/logs.txt; sleep 1; done']
      volumeMounts:
        - name: shared-logs
          mountPath: /opt
` },
  { seed: "004 web-server-with-helper", yaml: `
apiVersion: v1
kind: Pod
metadata:
  name: web-server-with-helper
spec:
  volumes:
    - name: shared-content
      emptyDir: {}
  containers:
    - name: content-generator
      image: busybox
      command: ['sh', '-c', 'echo "Hello from Helper!" > /output/index.html && sleep 3600']
      volumeMounts:
        - name: shared-content
          mountPath: /output
    - name: web-server
      image: nginx
      volumeMounts:
        - name: shared-content
          mountPath: /usr/share/nginx/html
` },
  { seed: "004 mc-pod", yaml: `
apiVersion: v1
kind: Pod
metadata:
  name: mc-pod
  namespace: mc-namespace
  labels:
    run: mc-pod
spec:
  volumes:
    - name: data
      emptyDir: {}
  containers:
    - name: mc-pod-1
      image: nginx:1-alpine
      env:
        - name: NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
    - name: mc-pod-2
      image: busybox:1
      command: ["sh", "-c", "while true; do date >> /var/log/shared/date.log; sleep 1; done"]
      volumeMounts:
        - name: data
          mountPath: /var/log/shared
    - name: mc-pod-3
      image: busybox:1
      command: ["sh", "-c", "tail -F /var/log/shared/date.log"]
      volumeMounts:
        - name: data
          mountPath: /var/log/shared
  dnsPolicy: ClusterFirst
  restartPolicy: Always
` },
];
